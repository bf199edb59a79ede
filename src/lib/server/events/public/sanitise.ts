import sanitizeHtml from 'sanitize-html';

/**
 * An event's description is rich text written by staff in an editor and shown on the public page
 * as HTML: it is sanitised on the server, when saved, to a small set of text markup. Everything
 * else goes — scripts, styles, event handlers, images, iframes, forms, classes and inline styles;
 * the text inside unknown elements stays, the contents of script/style-like ones do not. Links
 * keep http, https and mailto only and open nothing with access to the page (`rel="noopener"`).
 *
 * When shown, the public page passes what was saved through an allow-list once more, and calendar
 * files and JSON-LD take it as plain text.
 */

const allowedTags = ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4'];

const options: sanitizeHtml.IOptions = {
	allowedTags,
	// rel is set by the transform below, which runs first and replaces whatever rel was written.
	allowedAttributes: { a: ['href', 'rel'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	// Editors write <b>/<i>; they mean the same as the allowed tags.
	transformTags: {
		b: 'strong',
		i: 'em',
		a: (tagName, attribs) => {
			const kept: sanitizeHtml.Attributes = {};
			if (attribs.href) Object.assign(kept, { href: attribs.href, rel: 'noopener noreferrer' });
			return { tagName, attribs: kept };
		}
	}
};

/** The description as safe HTML of paragraphs, lists, headings, emphasis and links. */
export function sanitiseDescription(html: string): string {
	return sanitizeHtml(html, options).trim();
}

// ---------------------------------------------------------------- when shown

const DESCRIPTION_TAGS = ['p', 'br', 'strong', 'b', 'em', 'i', 'ul', 'ol', 'li', 'a', 'h2', 'h3', 'h4', 'blockquote'];

/** The description as the public page shows it: whatever staff saved, reduced to a safe allow-list. */
export function safeDescription(html: string): string {
	return sanitizeHtml(html, {
		allowedTags: DESCRIPTION_TAGS,
		allowedAttributes: { a: ['href', 'rel'] },
		allowedSchemes: ['https', 'http', 'mailto'],
		transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) }
	});
}

/** The description as plain text (calendar files, JSON-LD), paragraphs kept as blank lines. */
// The same description becomes text for every invite of an event: a rush's confirmations would
// parse it hundreds of times a second.
const plainDescriptions = new Map<string, string>();

export function plainDescription(html: string): string {
	let text = plainDescriptions.get(html);
	if (text === undefined) {
		text = toPlainText(html);
		if (plainDescriptions.size >= 100) plainDescriptions.clear();
		plainDescriptions.set(html, text);
	}
	return text;
}

function toPlainText(html: string): string {
	const text = sanitizeHtml(
		html
			.replace(/<br\s*\/?>/gi, '\n')
			.replace(/<\/(p|li|h[1-6]|blockquote)>/gi, '\n\n')
			.replace(/<li[^>]*>/gi, '• '),
		{ allowedTags: [], allowedAttributes: {} }
	);
	return text
		.replace(/&nbsp;/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
