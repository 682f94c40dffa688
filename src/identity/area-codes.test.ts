import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaCodeSamples, loadAreaCodes } from './area-codes.ts';

describe('loadAreaCodes', () => {
  it('knows provinces, regencies and districts by their codes without dots', async () => {
    const areas = await loadAreaCodes();
    assert.equal(areas.hasProvince('32'), true);
    assert.equal(areas.hasRegency('3204'), true);
    assert.equal(areas.hasDistrict('320405'), true);
  });

  it('knows the provinces created in Papua in 2022', async () => {
    const areas = await loadAreaCodes();
    for (const code of ['93', '94', '95', '96']) assert.equal(areas.hasProvince(code), true, code);
  });

  it('does not know codes that were never assigned, nor dotted codes', async () => {
    const areas = await loadAreaCodes();
    assert.equal(areas.hasProvince('20'), false);
    assert.equal(areas.hasRegency('3299'), false);
    assert.equal(areas.hasDistrict('320499'), false);
    assert.equal(areas.hasRegency('32.04'), false);
  });

  it('reads the files once per process however many callers ask', async () => {
    const [first, second] = await Promise.all([loadAreaCodes(), loadAreaCodes()]);
    assert.equal(first, second);
    assert.equal(await loadAreaCodes(), first);
  });
});

describe('areaCodeSamples', () => {
  it('gives real districts of 6 digits for every one of the 38 provinces', async () => {
    const [areas, samples] = await Promise.all([loadAreaCodes(), areaCodeSamples()]);
    assert.equal(Object.keys(samples).length, 38);
    for (const [province, districts] of Object.entries(samples)) {
      assert.equal(districts.length, 3, province);
      for (const code of districts) {
        assert.match(code, /^[0-9]{6}$/);
        assert.equal(code.slice(0, 2), province);
        assert.equal(areas.hasDistrict(code), true, code);
      }
    }
  });

  it('takes the samples of a province from different regencies', async () => {
    const samples = await areaCodeSamples(3);
    const regencies = new Set((samples['32'] ?? []).map((code) => code.slice(0, 4)));
    assert.equal(regencies.size, 3);
  });

  it('gives the same samples on every call', async () => {
    assert.deepEqual(await areaCodeSamples(5), await areaCodeSamples(5));
  });
});
