/**
 * @ballast/core/testing: test-only machinery, kept out of the main entry point. Planted
 * defects are made here, frozen, and passed to Engine and Persistence at construction.
 */
export { plantDefects, PLANTED_DEFECT_NAMES, REPLICATION_DEFECT_NAMES, NO_PLANTED_DEFECTS, type PlantedDefects, type PlantedDefectName } from './testing/planted-defects.js';
