// Compiles the message catalogues into src/lib/paraglide, as the Vite plugin does; the tests and
// the CLI import the generated messages without Vite.
import { compile } from '@inlang/paraglide-js';
import { paraglideOptions } from '../paraglide.options.js';

await compile(paraglideOptions);
