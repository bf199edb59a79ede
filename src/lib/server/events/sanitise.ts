import sanitizeHtml from 'sanitize-html';

/**
 * An event's description is rich text written by staff in an editor and shown on the public page
 * as HTML: it is sanitised on the server, when saved, to a small set of text markup. Everything
 * else goes — scripts, styles, event handlers, images, iframes, forms, classes and inline styles;
 * the text inside unknown elements stays, the contents of script/style-like ones do not. Links
 * keep http, https and mailto only and open nothing with access to the page (`rel="noopener"`).
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
