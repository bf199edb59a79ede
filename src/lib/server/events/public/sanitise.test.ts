import { describe, expect, it } from 'vitest';
import { sanitiseDescription } from './sanitise.ts';

describe('sanitiseDescription', () => {
	it('keeps paragraphs, line breaks, emphasis, lists and headings h2–h4', () => {
		const html =
			'<h2>Om utbildningen</h2><p>Första <strong>dagen</strong> och <em>andra</em>.<br>Ny rad</p>' +
			'<ul><li>Ett</li><li>Två</li></ul><ol><li>Först</li></ol><h3>Tider</h3><h4>Plats</h4>';
		expect(sanitiseDescription(html)).toBe(html.replace('<br>', '<br />'));
	});

	it('keeps http, https and mailto links, with rel noopener, and no other attribute', () => {
		expect(sanitiseDescription('<a href="https://example.se/program" target="_blank" class="x">Program</a>')).toBe(
			'<a href="https://example.se/program" rel="noopener noreferrer">Program</a>'
		);
		expect(sanitiseDescription('<a href="http://example.se">a</a>')).toContain('href="http://example.se"');
		expect(sanitiseDescription('<a href="mailto:kontakt@example.se">Mejla</a>')).toBe(
			'<a href="mailto:kontakt@example.se" rel="noopener noreferrer">Mejla</a>'
		);
		// A rel written by hand is replaced, not kept beside ours.
		expect(sanitiseDescription('<a href="https://example.se" rel="opener">x</a>')).toBe(
			'<a href="https://example.se" rel="noopener noreferrer">x</a>'
		);
	});

	it.each([
		['javascript:alert(1)'],
		['JaVaScRiPt:alert(1)'],
		[' javascript:alert(1)'],
		['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
		['vbscript:msgbox(1)'],
		['//evil.example/x'],
		['&#106;avascript:alert(1)']
	])('drops the link target %s and keeps the text', (href) => {
		const out = sanitiseDescription(`<a href="${href}">klicka</a>`);
		expect(out).not.toContain('href');
		expect(out).toContain('klicka');
	});

	it('removes scripts, styles, handlers, images, frames, forms and inline styles', () => {
		const out = sanitiseDescription(
			'<p style="color:red" onclick="alert(1)" class="lead">Text</p><script>alert(1)</script>' +
				'<style>p{}</style><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>' +
				'<form action="/x"><input name="a"></form><svg><script>alert(2)</script></svg>' +
				'<object data="x"></object><h1>Rubrik</h1><h5>Liten</h5><div>Block</div><span>Span</span>'
		);
		expect(out).toBe('<p>Text</p>RubrikLitenBlockSpan');
		expect(out).not.toMatch(/alert|script|style|onerror|iframe|svg/i);
	});

	it('turns <b> and <i> into <strong> and <em>', () => {
		expect(sanitiseDescription('<p><b>Viktigt</b> och <i>kursivt</i></p>')).toBe(
			'<p><strong>Viktigt</strong> och <em>kursivt</em></p>'
		);
	});

	it('escapes text that looks like markup and closes what was left open', () => {
		expect(sanitiseDescription('<p>1 < 2 & "citat"')).toBe('<p>1 &lt; 2 &amp; "citat"</p>');
		expect(sanitiseDescription('<ul><li>Öppen')).toBe('<ul><li>Öppen</li></ul>');
		expect(sanitiseDescription('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe(
			'<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
		);
	});

	it('drops comments and returns an empty string for nothing but markup', () => {
		expect(sanitiseDescription('<!-- dold --><p>Syns</p>')).toBe('<p>Syns</p>');
		expect(sanitiseDescription('<script>x</script>  ')).toBe('');
	});
});
