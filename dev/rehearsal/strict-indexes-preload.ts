// Loaded into each rehearsed function process (NODE_OPTIONS --require): holds the Firestore emulator to the composite
// indexes of firestore.indexes.json (or REHEARSAL_INDEXES_FILE), as production Firestore is. Never deployed.
import { enforceIndexes } from '../testing/strict-indexes';

enforceIndexes(process.env.REHEARSAL_INDEXES_FILE || undefined);
