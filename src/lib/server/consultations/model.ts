// The consultation record's vocabulary lives beside the pages that also need it in the browser.
export * from '../../consultation-vocabulary.ts';
