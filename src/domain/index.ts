// The domain's public surface: pure rules and value types, no I/O. See README.md beside this file.
export * from './result.js';
export * from './text.js';
export * from './dates.js';
export * from './serial.js';
export * from './makers.js';
export * from './calibers.js';
export * from './firearm-types.js';
export * from './geo.js';
export * from './nicknames.js';
export * from './names.js';
export * from './address.js';
export * from './business-days.js';
export * from './codes.js';
export * from './multiple-sales.js';
export * from './time-to-crime.js';
