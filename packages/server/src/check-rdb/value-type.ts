/** The order a report lists value types in, as Redis numbers them (OBJ_STRING … OBJ_STREAM). */
import type { ValueType } from '@ballast/core';

export const VALUE_TYPE_NAMES: readonly ValueType[] = ['string', 'list', 'set', 'zset', 'hash', 'stream'];
