// Safety numbers (SEC-MITM): the displayable 60-digit number and the scannable QR form.
export * from './safetyNumber.ts';
export * from './scannable.ts';
