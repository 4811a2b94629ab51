// Integration suites start real engines, databases and browsers: give each test up to two minutes.
// (Jest reads `testTimeout` only from the top-level config, not from a project.)
import { jest } from '@jest/globals';

jest.setTimeout(120_000);
