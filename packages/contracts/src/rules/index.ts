// `@amage/contracts/rules`: the field and business rules the server and the widgets share, as plain
// functions and constants (no schema runtime), so a widget can check before sending exactly what the
// server would refuse.
export * from './customer.js';
export * from './dates.js';
export * from './quantities.js';
export * from './supplier.js';
export * from './work-orders.js';
