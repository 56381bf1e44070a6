export type { Clock, TimerHandle } from './clock.js';
export type { Random } from './random.js';
export { randomIndex, seededRandom } from './random.js';
