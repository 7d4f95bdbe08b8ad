/** Every test runs with the embedded store's cached records frozen: a caller changing one throws. */
import { freezeCachedRecords } from '../../src/store/embedded/cache';

freezeCachedRecords();
