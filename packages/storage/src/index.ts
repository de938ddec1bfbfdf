export { SqliteStorage, type SqliteStorageOptions } from './sqlite/sqlite-storage.ts'
export { GroupCommitter, type GroupCommitStats } from './group-commit.ts'
export { Repository } from './repository.ts'
export { migrations } from './migrations/index.ts'
