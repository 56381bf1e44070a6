/**
 * Path handling for the simulated disk. The disk has one root: `/a/b`, `a/b` and `./a/./b` name
 * the same entry, `..` goes up (never above the root), and `/`, `.` and `` name the root.
 */

/** The names along `path`, root first (empty for the root). */
export function pathSegments(path: string): string[] {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments;
}

/** The canonical spelling of `segments` (`/a/b`). */
export function formatPath(segments: readonly string[]): string {
  return '/' + segments.join('/');
}
