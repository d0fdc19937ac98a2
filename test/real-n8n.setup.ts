// Suites with a real n8n stop it in afterAll, which waits for n8n's own graceful shutdown (up to
// ~35 s per process, ~60 s with queue mode's PostgreSQL: toolkit/n8n/n8n-instance.ts), far
// past jest's 5 s default for hooks. Tests set their own, longer timeouts where they need them.
// (jest reads `testTimeout` only globally, not per project: hence this setup file.)
jest.setTimeout(120_000);
