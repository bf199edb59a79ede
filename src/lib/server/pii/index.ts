/**
 * The personal-data guard's public entry for other modules (docs/architecture.md): detection
 * (`scan.ts`, see README.md), masking, the published contacts that are let through, and the HTTP
 * handler of the scan endpoint.
 */
export { handleScan } from './http.ts';
export { maskAll, type MaskLocale } from './mask.ts';
export { allowPublished, publicContacts } from './public-contacts.ts';
export { PiiScanError, scan, type Finding, type ScanOptions } from './scan.ts';
