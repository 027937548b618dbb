import { describe, expect, it } from 'vitest';
import { AVAILABLE_CAP as serverCap } from '../../../src/domain/projects.js';
import { AVAILABLE_CAP as webCap } from '../../../web/src/tutor/availableCap.js';

describe('the tutor count cap', () => {
  it('is the same number in the web app ("100+") and the server that caps it', () => {
    expect(webCap).toBe(serverCap);
  });
});
