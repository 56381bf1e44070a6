/** The RESP codec: request parsing, reply encoding, reply parsing and Redis's double formats. */
export * from './byte-string.js';
export * from './reply.js';
export { RequestParser, ProtocolError, splitInlineArguments, INLINE_BYTES_MAX, MULTIBULK_COUNT_MAX,
  type RequestParserOptions } from './parser.js';
export { OutputBuffer, encodeReply } from './encoder.js';
export { ReplyParser, ReplyProtocolError } from './reply-parser.js';
export { formatDouble } from './format-double.js';
