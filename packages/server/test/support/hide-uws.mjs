// Preloaded with `node --import` by admin-fallback.test.ts: makes @trufflesuite/uws-js-unofficial
// unresolvable through require (as the admin endpoint loads it), as on a machine where the
// package or its native binary is missing.
import Module from 'node:module';

const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithoutUws(request, ...rest) {
  if (request.startsWith('@trufflesuite/uws-js-unofficial')) throw new Error(`Cannot find module '${request}' (hidden by the test)`);
  return resolve.call(this, request, ...rest);
};
