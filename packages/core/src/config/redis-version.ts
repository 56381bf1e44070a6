/** The Redis version Ballast answers as in HELLO, INFO and its metrics: the one its behaviour matches. */
export const REDIS_COMPATIBLE_VERSION = '7.0.15';
