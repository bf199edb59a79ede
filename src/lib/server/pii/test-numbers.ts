// Synthetic identity and phone numbers with correct check digits, for the corpus and the property
// tests. They are valid by construction (and checked against the validators in the tests); they
// belong to nobody we know of, but treat them as test data only.

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function luhn(digits: string): number {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let value = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
		if (value > 9) value -= 9;
		sum += value;
	}
	return (10 - (sum % 10)) % 10;
}

export const swedishFormats = [
	'short-dash',
	'long-dash',
	'short-plain',
	'long-plain',
	'short-space',
	'long-space',
	'plus'
] as const;
export type SwedishFormat = (typeof swedishFormats)[number];

export interface DateParts {
	year: number;
	month: number;
	day: number;
	serial: number;
}

/** A Swedish personnummer (or samordningsnummer: day + 60) in one of the written formats. */
export function swedishNumber(parts: DateParts, format: SwedishFormat, coordination = false): string {
	const { year, month } = parts;
	const day = parts.day + (coordination ? 60 : 0);
	const short = `${pad(year % 100)}${pad(month)}${pad(day)}`;
	const serial = pad(parts.serial % 1000, 3);
	const check = luhn(short + serial);
	const last = `${serial}${check}`;
	const long = `${year}${pad(month)}${pad(day)}`;
	switch (format) {
		case 'short-dash':
			return `${short}-${last}`;
		case 'long-dash':
			return `${long}-${last}`;
		case 'short-plain':
			return `${short}${last}`;
		case 'long-plain':
			return `${long}${last}`;
		case 'short-space':
			return `${short} ${last}`;
		case 'long-space':
			return `${long} ${last}`;
		case 'plus':
			// "+" marks someone 100 years or older; used only for such birth years.
			return year <= 1925 ? `${short}+${last}` : `${short}-${last}`;
	}
}

export const norwegianFormats = ['plain', 'space'] as const;
export type NorwegianFormat = (typeof norwegianFormats)[number];

const weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const weights2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const control = (digits: string, weights: number[]) => {
	const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
	const value = 11 - (sum % 11);
	return value === 11 ? 0 : value;
};

/** A Norwegian fødselsnummer (or D-nummer: day + 40), born 1940–2039. */
export function norwegianNumber(parts: DateParts, format: NorwegianFormat, dNumber = false): string {
	const { year, month } = parts;
	const day = parts.day + (dNumber ? 40 : 0);
	const date = `${pad(day)}${pad(month)}${pad(year % 100)}`;
	// Individual numbers 000–499 are 1900–1999, 500–999 with years 00–39 are 2000–2039.
	const low = year >= 2000 ? 500 : 0;
	for (let step = 0; step < 500; step++) {
		const individual = pad(low + ((parts.serial + step) % 500), 3);
		const k1 = control(date + individual, weights1);
		if (k1 === 10) continue;
		const k2 = control(date + individual + k1, weights2);
		if (k2 === 10) continue;
		const rest = `${individual}${k1}${k2}`;
		return format === 'space' ? `${date} ${rest}` : `${date}${rest}`;
	}
	throw new Error('no valid individual number');
}

export const swedishPhoneFormats = [
	'dash-grouped',
	'plain',
	'spaced',
	'international',
	'international-plain',
	'double-zero'
] as const;
export const norwegianPhoneFormats = [
	'grouped',
	'plain',
	'pairs',
	'international',
	'international-plain',
	'double-zero'
] as const;

/** A Swedish mobile number 07x-xxx xx xx from seven subscriber digits. */
export function swedishMobile(
	prefix: '70' | '72' | '73' | '76' | '79',
	subscriber: number,
	format: (typeof swedishPhoneFormats)[number]
): string {
	const s = pad(subscriber % 10_000_000, 7);
	const grouped = `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}`;
	switch (format) {
		case 'dash-grouped':
			return `0${prefix}-${grouped}`;
		case 'plain':
			return `0${prefix}${s}`;
		case 'spaced':
			return `0${prefix} ${grouped}`;
		case 'international':
			return `+46 ${prefix} ${grouped}`;
		case 'international-plain':
			return `+46${prefix}${s}`;
		case 'double-zero':
			return `0046 ${prefix} ${grouped}`;
	}
}

/** A Norwegian mobile number (4xx or 9xx) from seven subscriber digits. */
export function norwegianMobile(
	first: '4' | '9',
	subscriber: number,
	format: (typeof norwegianPhoneFormats)[number]
): string {
	const n = `${first}${pad(subscriber % 10_000_000, 7)}`;
	switch (format) {
		case 'grouped':
			return `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`;
		case 'plain':
			return n;
		case 'pairs':
			return `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`;
		case 'international':
			return `+47 ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`;
		case 'international-plain':
			return `+47${n}`;
		case 'double-zero':
			return `0047 ${n}`;
	}
}
