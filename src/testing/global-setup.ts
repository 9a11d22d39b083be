// Placeholder replaced by the database template setup (see src/testing/db.ts).
export default function setup(): void {}
