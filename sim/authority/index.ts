// The authority side of the simulated world: warrants, the server's warrant
// policy and returns, seizure shapes, the operator's transparency ledger, notifications and report.
export type { WarrantTarget, MetadataRecord, ContentRecord, KeyRecord, ServerView, LabelledBytes, ServerSeizure, PhoneSeizure } from './serverView.ts';
export { DATA_CATEGORIES, WARRANT_POLICIES, POLICY_DISCLOSES, POLICY_NOTIFIES, validateWarrant } from './warrant.ts';
export type { DataCategory, Warrant, WarrantPolicy } from './warrant.ts';
export { answerWarrant, warrantOutcome, recordsDisclosed } from './warrantReturn.ts';
export type { Disclosure, WarrantOutcome, WarrantReturn } from './warrantReturn.ts';
export { TransparencyLedger, serveWarrant } from './ledger.ts';
export { memoryServerView } from './memoryServerView.ts';
export type { ServerRecords } from './memoryServerView.ts';
export type { LedgerEntry, LedgerView, WarrantReceivedEntry, WarrantReturnedEntry, ServerSeizureEntry, PhoneSeizureEntry, NotificationSentEntry } from './ledger.ts';
export { notificationTime, notificationsOwed, notificationsDue, notificationsPendingUnderGag } from './notification.ts';
export type { NotificationDue } from './notification.ts';
export { REPORT_FORMAT, REPORTED_OUTCOMES, transparencyReport } from './transparencyReport.ts';
export type { ReportPeriod, ReportedOutcome, ReportedReturn, ReportedSeizure, TransparencyReport, ReportOptions } from './transparencyReport.ts';
export { underReportedLedger } from './underReport.ts';
export type { UnderReport } from './underReport.ts';
export { formatSimTime, renderTransparencyMarkdown } from './reportMarkdown.ts';
