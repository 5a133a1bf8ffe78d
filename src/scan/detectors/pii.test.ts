import { describe, expect, it } from 'vitest';
import { piiDetector } from './pii.js';

const entities = (text: string) =>
  piiDetector
    .detect({ text, layer: 'original' })
    .filter((f) => f.score >= 0.5)
    .map((f) => f.entity);

describe('pii detector', () => {
  it.each([
    ['write to jane.doe@mailhost.net', 'EMAIL'],
    ['card 4111 1111 1111 1111', 'CREDIT_CARD'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN'],
    ['ssn 078-05-1123', 'US_SSN'],
    ['call +44 20 7946 0958', 'PHONE'],
    ['server 8.8.8.8 answered', 'IP_ADDRESS'],
    ['NINO AB483726C', 'UK_NINO'],
    ['DNI 12345678Z', 'ES_NIF'],
    ['Aadhaar 2345 6789 0124', 'IN_AADHAAR'],
    ['born on 12/05/1980 in Leeds', 'DATE_OF_BIRTH'],
    ['my passport number is X12345678', 'PASSPORT'],
    ['Telepono: 09171234567', 'PHONE'],
    ['Ship to 1600 Pennsylvania Avenue, Washington, DC 20500 please', 'ADDRESS'],
    ['I live at 221B Baker Street in London', 'ADDRESS'],
    ['KVNR A123456780', 'DE_HEALTH_INSURANCE'],
    ['TC kimlik 10000000146', 'TR_NATIONAL_ID'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    'card 4111 1111 1111 1112',
    'IBAN DE89 3704 0044 0532 0130 01',
    'ssn 666-05-1123',
    'code BG483726C',
    'version 1.2.3 of 10.0.0.1',
    'postgres://u:pw@db.local/x',
    'The order total was 1234567 dollars',
    'invalid tax id 911-89-1234',
    'She walked 3 Long Road trips last summer and read 2 Main Street novels.',
  ])('ignores %s', (text) => {
    expect(piiDetector.detect({ text, layer: 'original' }).filter((f) => f.score >= 0.5)).toEqual(
      [],
    );
  });
});
