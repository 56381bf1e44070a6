/**
 * Generators for SORT and SORT_RO: lists, sets and sorted sets of numeric and non-numeric
 * elements, weight strings `w_<element>` and hash fields `h_<element>->f` for BY and GET, and
 * every option. Where Redis leaves the order unspecified — BY without `*` (no sorting) on a
 * set keeps hash order, and ALPHA BY leaves ties (equal or missing weights) in the order qsort
 * leaves them — the command is drawn without LIMIT and STORE, and normalize.ts sorts its reply.
 */
import fc from 'fast-check';

const element = fc.constantFrom('1', '2', '10', '-3', '3.5', 'a', 'b', '', 'inf');
const key = fc.constantFrom('s1', 's2', '{s}1');
const weight = fc.constantFrom('5', '1', '-2', '1e2', 'x', '');
const words = (...choices: string[][]) => fc.constantFrom(...choices).map((choice) => [...choice]);
const by = words([], ['BY', 'w_*'], ['BY', 'h_*->f'], ['BY', 'missing_*'], ['BY', 'h_*->']);
const get = words([], ['GET', '#'], ['GET', 'w_*'], ['GET', 'h_*->f', 'GET', '#'], ['GET', 'nostar']);
const limit = words([], ['LIMIT', '0', '2'], ['LIMIT', '1', '-1'], ['LIMIT', '-5', '3'], ['LIMIT', '10', '1'], ['LIMIT', 'x', '1']);
const order = words([], ['ASC'], ['DESC']);
const alpha = words([], ['ALPHA']);
const store = words([], ['STORE', 'dest'], ['STORE', '{s}dest']);

const sortCommand = fc.tuple(fc.constantFrom('SORT', 'SORT_RO'), key, by, limit, get, order, alpha, store)
  .map(([name, sorted, byOption, limitOption, getOption, orderOption, alphaOption, storeOption]) => {
    const tiesUnspecified = byOption.length > 0 && alphaOption.length > 0;
    return [
      name, sorted, ...byOption, ...(tiesUnspecified ? [] : limitOption), ...getOption, ...orderOption, ...alphaOption,
      ...(name === 'SORT' && !tiesUnspecified ? storeOption : []),
    ];
  });
const noSortCommand = fc.tuple(fc.constantFrom('SORT', 'SORT_RO'), key, get, order, store)
  .map(([name, sorted, getOption, orderOption, storeOption]) => [name, sorted, 'BY', 'nosort', ...getOption, ...orderOption, ...(name === 'SORT' ? storeOption : [])]);

export const SORT_COMMANDS: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(key, fc.array(element, { minLength: 1, maxLength: 5 })).map(([k, items]) => ['RPUSH', k, ...items]) },
  { weight: 2, arbitrary: fc.tuple(key, fc.array(element, { minLength: 1, maxLength: 5 })).map(([k, items]) => ['SADD', k, ...items]) },
  { weight: 2, arbitrary: fc.tuple(key, fc.constantFrom('1', '2', '0'), element).map(([k, score, item]) => ['ZADD', k, score, item]) },
  { weight: 2, arbitrary: fc.tuple(element, weight).map(([item, w]) => ['SET', `w_${item}`, w]) },
  { weight: 2, arbitrary: fc.tuple(element, weight).map(([item, w]) => ['HSET', `h_${item}`, 'f', w]) },
  { weight: 1, arbitrary: fc.constantFrom(['SET', 's1', 'str'], ['LRANGE', 'dest', '0', '-1'], ['TYPE', 'dest'], ['LRANGE', '{s}dest', '0', '-1']).map((words) => [...words]) },
  { weight: 6, arbitrary: sortCommand },
  { weight: 2, arbitrary: noSortCommand },
);
