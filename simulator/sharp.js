// @ts-check
// sharp, typed: its package types resolve to the ESM declaration under this tsconfig, while require() returns the
// CommonJS function; this cast bridges the two.

const sharp = /** @type {typeof import('sharp').default} */ (/** @type {unknown} */ (require('sharp')));

module.exports = { sharp };
