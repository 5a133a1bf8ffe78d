import { describe, expect, it } from 'vitest';
import type { TextView } from '../detector.js';
import { piiDetector } from './pii.js';

const BLOCK = 0.5;

const blocking = (text: string, field?: string) => {
  const view: TextView =
    field === undefined ? { text, layer: 'original' } : { text, layer: 'original', field };
  return piiDetector.detect(view).filter((f) => f.score >= BLOCK);
};
const entities = (text: string, field?: string) => blocking(text, field).map((f) => f.entity);
const spans = (text: string) => blocking(text).map((f) => text.slice(f.span!.start, f.span!.end));

describe('pii detector: distinctive layouts with checksums', () => {
  it.each([
    ['write to jane.doe@mailhost.net', 'EMAIL'],
    ['card 4111 1111 1111 1111', 'CREDIT_CARD'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN'],
    ['this is an iban VG96 VPVG 0000 0123 4567 8901 in a sentence', 'IBAN'],
    ['ssn 078-05-1123', 'US_SSN'],
    ['ITIN 911-70-1234', 'US_ITIN'],
    ['NINO AB483726C', 'UK_NINO'],
    ['ni number ab 48 37 26 c', 'UK_NINO'],
    ['DNI 12345678Z', 'ES_NIF'],
    ['NIE X1234567L', 'ES_NIE'],
    ['Aadhaar 2345 6789 0124', 'IN_AADHAAR'],
    ['3123:4567:8909', 'IN_AADHAAR'],
    ['KVNR A123456780', 'DE_HEALTH_INSURANCE'],
    ['RVNR: 15070649C103 laut Sozialversicherungsausweis.', 'DE_SOCIAL_SECURITY'],
    ['15070649C103', 'DE_SOCIAL_SECURITY'],
    ['TC kimlik 10000000146', 'TR_NATIONAL_ID'],
    ['PESEL 44051401458', 'PL_PESEL'],
    ['S0000001I', 'SG_NRIC_FIN'],
    ['My finnish id code is 131052-308T.', 'FI_PERSONAL_IDENTITY_CODE'],
    ['900101-7632', 'SE_PERSONNUMMER'],
    ['189004119807', 'SE_PERSONNUMMER'],
    ['850315-1765338', 'KR_RRN'],
    ['000402-6214431', 'KR_FRN'],
    ['1-2345-67890-12-1 is on her id', 'TH_TNIN'],
    ['Permanent resident number 9912316789285 is on file.', 'ZA_ID_NUMBER'],
    ['401-023-2137', 'UK_NHS'],
    ['her SIN is 130 692 544', 'CA_SIN'],
    ['2123 45670 1', 'AU_MEDICARE'],
    ['ABN 51 824 753 556', 'AU_ABN'],
    ['Please use 000-123-456-000 as your ID', 'PH_TIN'],
    ['11010519491231002X', 'CN_RESIDENT_ID'],
    ['CPF 123.456.789-09', 'BR_CPF'],
    ['CURP HEGG560427MVZRRL04', 'MX_CURP'],
    ['NIR 1 84 12 76 451 090 45', 'FR_NIR'],
    ['Rijksregisternummer 85.07.30-033.28', 'BE_NATIONAL_NUMBER'],
    ['СНИЛС 112-233-445 95', 'RU_SNILS'],
    ['routing number is: 021000021', 'US_BANK_ROUTING'],
    ['1EG4-TE5-MK73', 'US_MBI'],
    ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', 'CRYPTO'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it('flags published test card numbers, each value of a run of several', () => {
    expect(spans('4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881')).toEqual([
      '4012888888881881',
      '4012-8888-8888-1881',
      '4012 8888 8888 1881',
    ]);
  });

  it.each([
    'card 4111 1111 1111 1112',
    'my credit card number is 36168002586008',
    'IBAN DE89 3704 0044 0532 0130 01',
    'ssn 666-05-1123',
    '078-05-1120',
    '123-45-6789',
    'code BG483726C',
    'nino: nt 99 88 77 a',
    'AA 12 34 56 H',
    'DNI 12345678A',
    '15070649C100',
    '15071349C103',
    'S0000001J',
    '131052/308T',
    '9902294321191',
    '1994567890124',
    '401-023-2138',
    '130692545',
    '2123 45670 0',
    'Invalid TIN 000-123-457-000',
    'The DEA number is  BG8207031',
    '110105194912310021',
    '760413-1212134',
  ])('rejects %s (checksum, layout rule or negation)', (text) => {
    expect(blocking(text)).toEqual([]);
  });

  it('needs a keyword for voided SSNs and placeholder digits', () => {
    expect(entities('my social security number is 078051120')).toContain('US_SSN');
    expect(entities('SSN: 123-45-6789')).toContain('US_SSN');
    expect(entities('St.-Nr. 123/456/78901 bitte angeben.')).toContain('DE_TAX_NUMBER');
    expect(blocking('123/456/78901')).toEqual([]);
  });
});

describe('pii detector: values alone in a text', () => {
  it.each([
    ['130692544', 'CA_SIN'],
    ['876543210', 'AU_TFN'],
    ['2123456701', 'AU_MEDICARE'],
    ['0032698674', 'UK_NHS'],
    ['9201232387', 'SE_PERSONNUMMER'],
    ['2345678901234', 'TH_TNIN'],
    ['1111111G', 'ES_NIF'],
    ['C01X00T41', 'DE_PASSPORT'],
    ['L01X00T44', 'DE_ID_CARD'],
    ['GL0285191 EU4488929', 'MEDICAL_LICENSE'],
    ['M123A4567 and M456B7890', 'KR_PASSPORT'],
    ['ABCPD1234Z', 'IN_PAN'],
    ['KA53ME3456', 'IN_VEHICLE_REGISTRATION'],
    ['U1K711J11M', 'IT_DRIVER_LICENSE'],
    ['AB51 ABC', 'UK_VEHICLE_REGISTRATION'],
    ['B AB 1234', 'DE_LICENSE_PLATE'],
    ['M-XY-999', 'DE_LICENSE_PLATE'],
    ['34 ABC 1234', 'TR_LICENSE_PLATE'],
    ['APP-456CV', 'NG_VEHICLE_REGISTRATION'],
    ['11-22-123456-12', 'KR_DRIVER_LICENSE'],
    ['F131415920', 'TW_NATIONAL_ID'],
    ['09171234567', 'PHONE'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    // The same values inside prose are weak evidence: one order number in ten passes Luhn.
    'Your order 130692544 ships tomorrow.',
    'The batch ID for the run was 2345678901234 according to the log.',
    'Part M123A4567 is back in stock.',
    'See reference ABCPD1234Z in the appendix.',
    'The meeting is at 10 AM 2023 in room 4.',
    // Generic shapes carry no proof even alone.
    'AB1234567',
    'A12803456',
    'C3590543',
    '945456787654',
    '5321234567',
    // SSN and ITIN rules are no checksum: most 9-digit numbers pass them.
    '078051121',
    '911701234',
    // Layouts that break the issuer's rules.
    'M123-A4567',
    'AB35 ABC',
    'BXYZ AB 1234',
    '99 ABC 123',
    'AB-1234CD',
    '99-22-123456-12',
    'ABCND1234Z',
    'ABNE123456',
    'C01X00T47',
    // Placeholder digits make sample values.
    'A123456789',
  ])('does not block %s', (text) => {
    expect(blocking(text)).toEqual([]);
  });

  it('uses the param name instead when there is one', () => {
    expect(entities('X1234567', 'passportNumber')).toContain('PASSPORT');
    expect(entities('078051121', 'ssn')).toContain('US_SSN');
    expect(blocking('130692544', 'order_id')).toEqual([]);
    expect(entities('130692544', 'text')).toContain('CA_SIN');
  });
});

describe('pii detector: keywords in several languages', () => {
  it.each([
    ['my passport number is X12345678', 'PASSPORT'],
    ['AAA123456 es mi número de pasaporte', 'PASSPORT'],
    ['여권번호는 M789C1234입니다', 'KR_PASSPORT'],
    ['대한민국 여권 S87654321', 'PASSPORT'],
    ['my travel document is A12803456', 'PASSPORT'],
    ['my driver license is H12234567', 'DRIVER_LICENSE'],
    ['my driver license number: AA1B2**9ABA7', 'DRIVER_LICENSE'],
    ['Das Fahrzeug mit Kennzeichen B AB 1234 wurde gesehen.', 'DE_LICENSE_PLATE'],
    ['Araç plakası 34 ABC 1234 olarak kayıtlıdır.', 'TR_LICENSE_PLATE'],
    ['The plate number is ABJ-123XY for this vehicle', 'NG_VEHICLE_REGISTRATION'],
    ['My car reg is K1 ABC and it expires', 'UK_VEHICLE_REGISTRATION'],
    ['IdNr. 98765432106 liegt vor.', 'DE_TAX_ID'],
    ['my PAN number is DJPMS1234Z', 'TAX_ID'],
    ['my bank account number is 912803456', 'BANK_ACCOUNT'],
    ['TNIN: 2345678901234', 'TH_TNIN'],
    ['เลขประจำตัวประชาชน: 3456789012347', 'TH_TNIN'],
    ['You can vote with your CPJ4467918 number', 'ID_NUMBER'],
    ['my bir taxpayer identification number is 000123456', 'PH_TIN'],
    ['Telefon numaram 0532 123 45 67', 'PHONE'],
    ['my phone number is 425 8829090', 'PHONE'],
    ['Mi teléfono es 612 345 678', 'PHONE'],
    ['try one of these phones 052 5552606 074-7111234', 'PHONE'],
    ['Date of Birth: April 12, 1990.', 'DATE_OF_BIRTH'],
    ['geboren am 12.05.1980 in Köln', 'DATE_OF_BIRTH'],
    ['mypassportnumberis912803456', 'PASSPORT'],
    ['My finnish id code is030594W903B.', 'ID_NUMBER'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    'Numero: 9171234567',
    'The order number: 12345678 was shipped',
    'the fiscal quarter: 0.864594 rate',
    'technique (ID: TA0004) to detect',
    'my passport number is T356907',
    'a record label with license number 545345',
    'This is not a valid SSN: 078-05-1123x',
  ])('does not block %s', (text) => {
    expect(blocking(text)).toEqual([]);
  });
});

describe('pii detector: IP addresses', () => {
  it.each([
    ['server 8.8.8.8 answered', 'IP_ADDRESS'],
    ['my ip: 192.168.0.1', 'IP_ADDRESS'],
    ['Subnet: 192.168.1.0/24', 'IP_ADDRESS'],
    ['Route is 10.0.0.0/8.', 'IP_ADDRESS'],
    ['Visit http://[2001:db8::1]/path', 'IP_ADDRESS'],
    ['SSH to user@2001:db8::1', 'IP_ADDRESS'],
    ['2001:db8::/9999', 'IP_ADDRESS'],
    ['gateway fe80::1%eth0 is down', 'IP_ADDRESS'],
    ['host:203.0.113.7', 'IP_ADDRESS'],
    ['Connect to ::ffff:10.0.0.1 now', 'IP_ADDRESS'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    '192.168.0.1',
    'the box at 10.0.0.1 rebooted',
    'localhost 127.0.0.1',
    'curl http://127.0.0.1:5000/file',
    'Use local ipv6 ::',
    'my ip: ::1',
    'Multicast ff02::1',
    '0.0.0.0/0',
    'version 1.2.3.4',
    '192.168.1.256',
    'text192.168.1.1',
    'IP192.168.1.1text',
    'Time 12:34:56',
    'MAC address aa:bb:cc:dd:ee:ff',
    'std::cout',
    '2001::db8::1',
  ])('does not block %s', (text) => {
    expect(blocking(text)).toEqual([]);
  });
});

describe('pii detector: phones', () => {
  it.each([
    'call +44 20 7946 0958',
    'My US number is (415) 555-0132',
    '0412 123 45 67',
    '532 123 45 67',
    '0 (917) 123 4567',
    'Telepono: 09171234567',
    'My Japanese number is 090-1234-5678',
  ])('finds %s', (text) => {
    expect(entities(text)).toContain('PHONE');
  });

  it.each([
    '6123456789',
    '917-123-4567',
    '1123456789',
    '532123456',
    'Order 48213 for 19.99',
    'Write a regex for phone numbers like (555) 555-5555.',
  ])('does not block %s', (text) => {
    expect(blocking(text)).toEqual([]);
  });
});

describe('pii detector: addresses, structured text, prose', () => {
  it.each([
    ['Ship to 1600 Pennsylvania Avenue, Washington, DC 20500 please', 'ADDRESS'],
    ['I live at 221B Baker Street in London', 'ADDRESS'],
    ['Ich wohne in der Hauptstraße 5, 10115 Berlin.', 'ADDRESS'],
    ['Envoyez-le au 12 rue de la Paix, 75002 Paris', 'ADDRESS'],
    ['Calle Mayor 12, 28013 Madrid', 'ADDRESS'],
    ['Kalverstraat 12, 1012 NX Amsterdam', 'ADDRESS'],
    ['born on 12/05/1980 in Leeds', 'DATE_OF_BIRTH'],
    ['né le 15 mars 1985 à Lyon', 'DATE_OF_BIRTH'],
    ['fecha de nacimiento: 3 de marzo de 1985', 'DATE_OF_BIRTH'],
    ['VIN 1HGCM82633A004352', 'VIN'],
    ['1M8GDM9AXKP042788', 'VIN'],
    ['Mijn BSN is 111222333', 'NL_BSN'],
    ['Fødselsnummer 15076500565', 'NO_FODSELSNUMMER'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it('classifies the values inside JSON, URLs and key=value text', () => {
    expect(entities('{"ssn":"078-05-1123","card":"4111111111111111"}')).toEqual([
      'US_SSN',
      'CREDIT_CARD',
    ]);
    expect(entities('https://x.example/pay?card=4111111111111111&x=1')).toContain('CREDIT_CARD');
    expect(entities('my phone number is:(425) 882-9090')).toContain('PHONE');
  });

  it.each([
    'version 1.2.3 of 10.0.0.1',
    'postgres://u:pw@db.local/x',
    'The order total was 1234567 dollars',
    'invalid tax id 911-89-1234',
    'She walked 3 Long Road trips last summer and read 2 Main Street novels.',
    'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.',
    'A robe takes 2 bolts of blue fiber and half that much white fiber: 3 bolts in total.',
    'The build finished at 12:30:45 on 2024-03-05 with exit code 0.',
    'Ticket #99812 was merged in release 3.14.159 after 19.99 minutes.',
    'Binary: 01010111 01101000 01100001 01110100',
    'I need to transfer 250000 to my savings account today.',
    'The meeting ID is 845 2231 9987 for the zoom call.',
    'the code 1HGCM82633A004353 is wrong',
    'Chapter 5 of the book, Room 12 is free.',
    'Order AB1234567 and product code XYZ987654 are in stock.',
  ])('does not block %s', (text) => {
    expect(blocking(text)).toEqual([]);
  });
});

describe('pii detector: technical prose is not personal data', () => {
  it.each([
    'Copyright Matteo Collina 2016-2020, Licensed under [MIT](LICENSE).',
    '[MIT](./LICENSE) License © 2025-PRESENT [Kevin Deng](https://github.com/sxzz)',
    '- [RFC 2616: Hypertext Transfer Protocol -- HTTP/1.1][rfc-2616]',
    '- fd82961: Use rfc4122 IDs when generating chat/completion IDs',
    'He worked there 1998–2004 and then moved to Leeds.',
  ])('leaves %j alone', (text) => {
    expect(blocking(text)).toEqual([]);
  });

  it.each([
    ['my driver license is H12234567', 'DRIVER_LICENSE'],
    ['Licence: MORGA607054SM9IJ ok', 'UK_DRIVING_LICENCE'],
    ['mi RFC es GODE561231GR8', 'TAX_ID'],
  ])('still finds %j', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });
});

describe('pii detector: MAC addresses and dashed licence numbers', () => {
  it.each([
    ['MAC address of the laptop: 00:1A:2B:3C:4D:5E', 'MAC_ADDRESS'],
    ['wifi adapter 3c-22-fb-91-0a-7e keeps dropping', 'MAC_ADDRESS'],
    ["Driver's licence no. D1234-56789-01234 (Ontario)", 'DRIVER_LICENSE'],
  ])('finds %s', (text, entity) => {
    expect(entities(text)).toContain(entity);
  });

  it.each([
    'the value 00:1A:2B:3C:4D:5E',
    'broadcast to ff:ff:ff:ff:ff:ff',
    'mac multicast 01:00:5e:00:00:fb',
  ])('leaves %j below the threshold', (text) => {
    expect(blocking(text)).toEqual([]);
  });
});

describe('pii detector: decimals are not phone numbers', () => {
  it.each([
    "Decimal('0.333333333')",
    'ratio 0.666666667 of the total',
    'pi is about 3.14159265358',
  ])('leaves %j alone', (text) => {
    expect(entities(text)).not.toContain('PHONE');
  });
});
