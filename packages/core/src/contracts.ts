// `@linksync/core/contracts`: the contract suites every implementation of a port runs (vitest), so the agent's
// files and the Linksync Server's tables pass the very same tests. For test files only.
export { type AuditLogPort, auditLogContract, sampleWrite } from "./contracts/audit-log.contract";
export { type ConflictInboxPort, conflictInboxContract } from "./contracts/conflict-inbox.contract";
export {
  CONTRACT_KNOWN_SECRET,
  CONTRACT_TOKEN,
  type ContractSetup,
  type ContractSubject,
} from "./contracts/contract-subject";
export { contractCreateIntent, outboxContract } from "./contracts/outbox.contract";
export { type SecretVaultPort, secretVaultContract } from "./contracts/secret-vault.contract";
export { contractConnection, contractSnapshot, stateStoreContract } from "./contracts/state-store.contract";
