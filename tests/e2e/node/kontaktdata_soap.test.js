'use strict';
// The e2e tier through a second SOAP client: node-soap (the npm package `soap`, pinned in
// package.json), run with Node's built-in test runner (`node --test`, Node.js 18 or later).
//
// The client is built from the RUNNING server's own `?wsdl` (which includes the XSDs by their
// relative paths) and calls the URL in KONTAKTDATA_E2E_URL, e.g.
// http://127.0.0.1:18080/kontaktdata. Without it every test FAILS, it does not skip.
// tests/e2e/CMakeLists.txt runs this file (CTest test e2e.node_soap) from a folder of the build
// tree where `npm ci` installed the locked packages; see README.md in tests/e2e.
//
// These tests run at the same time as the zeep tests against the same server and database
// (ctest -j), so they keep out of their way:
// - they store data as Københavns Kommune only: the zeep tests store data for the demo parties
//   in Aarhus only, and check Aarhus's change feed for events they did not make;
// - the persons they store are synthetic, born 1900-1939 (the zeep tests' are born 1940-1999);
// - the demo parties (Anna, Eksempel ApS) are only read, never written;
// - the zeep outage tests make the register simulator slow or unavailable for a few seconds: a
//   HentKontaktanvisning answer that says REGISTER_UTILGAENGELIG is asked for again, for at most
//   REGISTER_WAIT_MS, before it is checked.

const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const soap = require('soap');

const URL_VARIABLE = 'KONTAKTDATA_E2E_URL';
const TIMEOUT_MS = 30000; // per HTTP call
const TEST_TIMEOUT_MS = 180000; // per test
const REGISTER_WAIT_MS = 90000;

const NS_SOAPENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS_KD = 'http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/';

// Demo data (DEMO-DATA.md); everything here is fictitious.
const AARHUS = '55133018';
const KOEBENHAVN = '64942212';
const DEMO_ESDH = '6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001';
const DEMO_CPR = ['0101701234', '0202802345', '0303903456', '0404004567', '0505055678'];
const DEMO_CVR = ['12345674', '30030036'];
const ANNA = DEMO_CPR[0];
const EKSEMPEL = DEMO_CVR[0];
const SERVICE_AGREEMENT_UUID = '42a77d12-7d5c-4c8e-9e4f-5d1c0a0b0c01';
const SERVICE_UUID = '8b2c4d6e-1a3f-4b5c-9d7e-0f1a2b3c4d5e';
// One UserUUID per run, so that Registrering/UserUUID shows this run's calls.
const RUN_USER_UUID = crypto.randomUUID();

const ANNA_ADRESSE = {
  Vejnavn: 'Vestergade', Husnummer: '12', Etage: '1', Sidedoer: 'th', Postnummer: '8000',
  Postdistrikt: 'Aarhus C',
};
const EKSEMPEL_ADRESSE = {
  Vejnavn: 'Industrivej', Husnummer: '7', Postnummer: '7100', Postdistrikt: 'Vejle',
};

// --- the client ----------------------------------------------------------------------------------

let clientPromise = null;

function baseUrl() {
  const url = (process.env[URL_VARIABLE] || '').trim();
  if (!url) {
    throw new Error(`${URL_VARIABLE} is not set. The e2e tests need a running Kontaktdata ` +
      'server: start one (e.g. deploy/run.sh) and export ' +
      `${URL_VARIABLE}=http://127.0.0.1:<port>/kontaktdata`);
  }
  return url;
}

/** The node-soap client, built once from the server's ?wsdl and bound to the URL under test. */
function getClient() {
  if (!clientPromise) {
    clientPromise = (async () => {
      const url = baseUrl();
      let client;
      try {
        client = await soap.createClientAsync(url + '?wsdl',
          { wsdl_options: { timeout: TIMEOUT_MS } });
      } catch (err) {
        throw new Error(`node-soap cannot load ${url}?wsdl (is the server running?): ` +
          err.message);
      }
      client.setEndpoint(url);
      return client;
    })();
  }
  return clientPromise;
}

/** The wire of the last call, for failure messages. */
function wire(client) {
  return `\n--- request node-soap sent:\n${client.lastRequest}\n` +
    `--- response:\n${client.lastResponse}`;
}

/** Calls `operation` and returns the parsed response element; a fault fails the test, showing
 * the exchange. */
async function call(operation, args) {
  const client = await getClient();
  try {
    const [result] = await client[operation + 'Async'](args, { timeout: TIMEOUT_MS });
    return result;
  } catch (err) {
    err.message = `${operation}: ${err.message}${wire(client)}`;
    throw err;
  }
}

function asArray(value) {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Calls `operation`, which must answer with a SOAP fault over HTTP 500 whose detail, as node-soap
 * parsed it, holds a ServiceplatformFault with ErrorCode `code` and faultcode Client. Returns the
 * ServiceplatformFault's Error list. */
async function expectFault(operation, args, code) {
  const client = await getClient();
  let error = null;
  try {
    await client[operation + 'Async'](args, { timeout: TIMEOUT_MS });
  } catch (err) {
    error = err;
  }
  assert.ok(error, `${operation} answered normally, expected the fault ${code}${wire(client)}`);
  const fault = error.root?.Envelope?.Body?.Fault;
  assert.ok(fault, `node-soap found no SOAP Fault (${error.message})${wire(client)}`);
  assert.equal(error.response?.status, 500, 'a SOAP 1.1 fault travels over HTTP 500');
  assert.match(String(error.response?.headers?.['content-type']), /^text\/xml/);

  // faultcode is the QName Client of the envelope namespace; the prefix is the server's choice.
  const [prefix, local] = String(fault.faultcode).split(':');
  assert.equal(local, 'Client', `faultcode ${fault.faultcode}`);
  assert.ok(new RegExp(`xmlns:${prefix}="${NS_SOAPENV}"`).test(client.lastResponse),
    `the faultcode prefix ${prefix} is not the SOAP 1.1 envelope namespace${wire(client)}`);
  assert.ok(String(fault.faultstring || '').trim(), 'an empty faultstring');

  const spf = fault.detail?.ServiceplatformFault;
  assert.ok(spf, 'the fault\'s detail holds no ServiceplatformFault: ' +
    JSON.stringify(fault.detail));
  const errors = asArray(spf.ErrorList?.Error);
  assert.ok(errors.length > 0, 'ServiceplatformFault without ErrorList/Error');
  for (const e of errors) {
    assert.ok(String(e.ErrorText || '').trim(), `ErrorCode ${e.ErrorCode} with an empty ErrorText`);
  }
  assert.ok(errors.some((e) => e.ErrorCode === code),
    `expected ErrorCode ${code}, got ${JSON.stringify(errors)}`);
  return errors;
}

// --- context elements, parts, data --------------------------------------------------------------

/** The three context elements (body elements, not SOAP headers), as the Demo ESDH system, with a
 * fresh CallersServiceCallIdentifier (the service answers a repeated one as a retry). In the
 * order of the XSD: node-soap writes an object's keys in the order they were added. */
function context(municipality = KOEBENHAVN, { authority = true } = {}) {
  const callId = 'e2e-node-' + crypto.randomBytes(12).toString('hex');
  const ctx = {
    CallContext: { CallersServiceCallIdentifier: callId, AccountingInfo: 'e2e-node' },
  };
  if (authority) ctx.AuthorityContext = { MunicipalityCVR: municipality };
  ctx.InvocationContext = {
    ServiceAgreementUUID: SERVICE_AGREEMENT_UUID,
    UserSystemUUID: DEMO_ESDH,
    UserUUID: RUN_USER_UUID,
    ServiceUUID: SERVICE_UUID,
    CallersServiceCallIdentifier: callId,
  };
  return ctx;
}

/** The contract's CPR rule (kontaktdata_support.cpr_is_valid): 10 digits, DDMMYY a valid date,
 * the century from the 7th digit. */
function cprIsValid(cpr) {
  if (!/^\d{10}$/.test(cpr)) return false;
  const day = Number(cpr.slice(0, 2));
  const month = Number(cpr.slice(2, 4));
  const yy = Number(cpr.slice(4, 6));
  const d7 = Number(cpr[6]);
  let year;
  if (d7 <= 3) year = 1900 + yy;
  else if (d7 === 4 || d7 === 9) year = yy <= 36 ? 2000 + yy : 1900 + yy;
  else year = yy <= 57 ? 2000 + yy : 1800 + yy;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
}

/** A SYNTHETIC but valid CPR number: a random date in 1900-1939 (the zeep tests take 1940-1999,
 * so the two clients never pick the same number), a 7th digit 0-3 (1900s) and three random
 * digits. Not checked against any register: the tests only store invented contact data for it
 * in the test database, and the register simulator answers it as unknown. */
function syntheticCpr() {
  for (;;) {
    const start = Date.UTC(1900, 0, 1);
    const days = Math.round((Date.UTC(1939, 11, 31) - start) / 86400000);
    const d = new Date(start + crypto.randomInt(days + 1) * 86400000);
    const two = (n) => String(n).padStart(2, '0');
    const cpr = two(d.getUTCDate()) + two(d.getUTCMonth() + 1) + two(d.getUTCFullYear() % 100) +
      crypto.randomInt(4) + String(crypto.randomInt(1000)).padStart(3, '0');
    if (cprIsValid(cpr) && !DEMO_CPR.includes(cpr)) return cpr;
  }
}

/** `n` synthetic persons that Københavns Kommune holds nothing for, checked with List (an earlier
 * run against the same database may have stored one by chance). */
async function freshPersons(n) {
  const chosen = [];
  for (let round = 0; round < 10 && chosen.length < n; round++) {
    const candidates = [];
    while (candidates.length < n - chosen.length) candidates.push({ CPRNummer: syntheticCpr() });
    const result = await call('List', { ...context(), Part: candidates });
    const items = asArray(result.Resultat);
    assert.equal(items.length, candidates.length);
    items.forEach((r, i) => {
      if (r.Status === 'IKKE_FUNDET') chosen.push(candidates[i]);
    });
  }
  assert.equal(chosen.length, n, `could not find ${n} fresh synthetic persons`);
  return chosen;
}

const newId = () => crypto.randomUUID();

const DANSK = {
  Vejnavn: 'Testvej', Husnummer: '17B', Etage: 'st', Sidedoer: 'tv', Postnummer: '8000',
  Postdistrikt: 'Aarhus C',
};

/** One Danish postal address, its BREVPOST channel for all case areas and one form. */
function minimalKontaktdata(part) {
  const id = newId();
  return {
    Part: part,
    Kontaktadresse: [
      { AdresseID: id, Adressetype: 'POSTADRESSE', Postadresse: { DanskAdresse: DANSK } },
    ],
    Kontaktkanal: [{ Kanal: 'BREVPOST', AdresseID: id, Prioritet: 1 }],
    Kontaktform: [{ Sprog: 'da', Tiltaleform: 'DE', Prioritet: 1 }],
  };
}

/** HentKontaktanvisning, asked again while an answer says REGISTER_UTILGAENGELIG (a concurrent
 * outage test has made the register simulator slow or unavailable; see the top of this file).
 * Returns the Kontaktanvisning list. */
async function hentKontaktanvisning(args) {
  const deadline = Date.now() + REGISTER_WAIT_MS;
  for (;;) {
    const result = await call('HentKontaktanvisning', { ...context(), ...args });
    const items = result.Kontaktanvisning;
    const unavailable = asArray(items).some((a) =>
      asArray(a.Advarsel).some((w) => w.Kode === 'REGISTER_UTILGAENGELIG'));
    if (!unavailable) return items;
    assert.ok(Date.now() < deadline,
      `the registers did not answer through the server within ${REGISTER_WAIT_MS / 1000} s`);
    console.error('HentKontaktanvisning: REGISTER_UTILGAENGELIG; asking again in 3 s');
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

function kanaler(anvisning) {
  return asArray(anvisning.Kanal).map((k) => [k.Kanal, k.Prioritet, k.Kilde]);
}

function advarsler(anvisning) {
  return asArray(anvisning.Advarsel).map((a) => a.Kode);
}

/** What holds for every valid Kontaktanvisning item: Prioritet is the place in the answer, every
 * channel and the form have a Begrundelse, register channels name no stored address. */
function checkAnvisning(a) {
  asArray(a.Kanal).forEach((k, i) => {
    assert.equal(k.Prioritet, i + 1, `Prioritet is the place in the answer: ${JSON.stringify(k)}`);
    assert.ok(String(k.Begrundelse || '').trim(),
      `a channel without Begrundelse: ${JSON.stringify(k)}`);
    if (k.Kilde !== 'KONTAKTDATA') assert.equal(k.AdresseID, undefined);
  });
  assert.ok(a.Kontaktform, 'every valid item has a Kontaktform');
  assert.ok(String(a.Kontaktform.Begrundelse || '').trim(), 'a Kontaktform without Begrundelse');
  for (const w of asArray(a.Advarsel)) assert.ok(String(w.Tekst || '').trim());
}

const STANDARD_FORM = { Sprog: 'da', Medie: 'TEKST', Tolkebehov: false, Kilde: 'STANDARD' };

/** The Kontaktform without its Begrundelse (a text for the caseworker). */
function formOf(a) {
  const form = { ...a.Kontaktform };
  delete form.Begrundelse;
  return form;
}

// --- the tests ----------------------------------------------------------------------------------

const OPTIONS = { timeout: TEST_TIMEOUT_MS };

test('node-soap reads every operation of the contract from the served WSDL', OPTIONS, async () => {
  const client = await getClient();
  const port = client.describe().KontaktdataService?.KontaktdataPort;
  assert.ok(port, `no KontaktdataService/KontaktdataPort in ${Object.keys(client.describe())}`);
  assert.deepEqual(Object.keys(port).sort(), [
    'HentKontaktanvisning', 'Importer', 'Laes', 'LaesOpgavesprog', 'List', 'ListAdgangslog',
    'ListHaendelser', 'Opret', 'Passiver', 'Ret', 'RetOpgavesprog', 'Slet',
  ]);
  // The request element's children in their own namespaces, as the XSDs say.
  const input = port.Laes.input;
  const sp = 'http://serviceplatformen.dk/xml/schemas/';
  assert.equal(input.CallContext.targetNamespace, sp + 'CallContext/1/');
  assert.equal(input.AuthorityContext.targetNamespace, sp + 'AuthorityContext/1/');
  assert.equal(input.InvocationContext.targetNamespace, sp + 'InvocationContext/1/');
  assert.equal(input.Part.targetNamespace, NS_KD);
});

test('Opret then Laes gives back what was stored', OPTIONS, async () => {
  const client = await getClient();
  const [part] = await freshPersons(1);
  const ids = { dansk: newId(), udland: newId(), email: newId(), mobil: newId(), digital: newId() };
  const linjer = ['Calle del Sol 4, 2º B', '29640 Fuengirola', 'Málaga'];
  const data = {
    Part: part,
    Kontaktadresse: [
      { AdresseID: ids.dansk, Adressetype: 'POSTADRESSE', Postadresse: { DanskAdresse: DANSK },
        SidstVerificeret: '2025-03-14T10:15:30.123456+01:00' },
      { AdresseID: ids.udland, Adressetype: 'POSTADRESSE',
        Postadresse: { Adresselinjer: { Adresselinje: linjer, Landekode: 'ES' } },
        GyldigFra: '2026-01-01', GyldigTil: '2026-04-01' },
      { AdresseID: ids.email, Adressetype: 'EMAIL', Email: 'Test.Person@Example.dk' },
      { AdresseID: ids.mobil, Adressetype: 'MOBILTELEFON', Mobilnummer: '20123456' },
      { AdresseID: ids.digital, Adressetype: 'DIGITAL_POST' },
      // No AdresseID: the service chooses one.
      { Adressetype: 'EMAIL', Email: 'uden-id@example.dk' },
    ],
    Kontaktkanal: [
      { Kanal: 'DIGITAL_POST', Prioritet: 1 },
      { Kanal: 'BREVPOST', AdresseID: ids.dansk, Prioritet: 2 },
      { Kanal: 'EMAIL', AdresseID: ids.email, Sagsomraade: '32.18', Prioritet: 1 },
      { Kanal: 'SMS', AdresseID: ids.mobil, Sagsomraade: '32.18', Prioritet: 2 },
      { Kanal: 'BREVPOST', AdresseID: ids.udland, Sagsomraade: '32.18', Prioritet: 3,
        GyldigFra: '2026-01-01', GyldigTil: '2026-04-01' },
    ],
    Kontaktform: [
      { Sprog: 'da', Tiltaleform: 'DU', Medie: 'TEKST', Tolkebehov: false, Prioritet: 1 },
      { Sprog: 'en', Tiltaleform: 'DE', Medie: 'LYD', Tolkebehov: true, Tolkesprog: 'dsl',
        Sagsomraade: '32.18', Prioritet: 1 },
    ],
  };
  const before = Date.now();
  const opret = await call('Opret', { ...context(), Kontaktdata: data, Note: 'e2e node-soap' });
  assert.deepEqual(opret.Part, part);
  assert.equal(opret.Version, 1, 'Version is an xsd:long: node-soap gives a number');

  const kd = (await call('Laes', { ...context(), Part: part })).Kontaktdata;
  assert.deepEqual(kd.Part, part);
  assert.equal(kd.Version, 1);

  // The order of a list is not part of the contract: addresses are compared by AdresseID.
  const adresser = asArray(kd.Kontaktadresse);
  assert.equal(adresser.length, 6);
  const byId = Object.fromEntries(adresser.map((a) => [a.AdresseID, a]));
  assert.deepEqual(byId[ids.dansk].Postadresse, { DanskAdresse: DANSK });
  const verificeret = byId[ids.dansk].SidstVerificeret;
  assert.ok(verificeret instanceof Date, 'an xsd:dateTime: node-soap gives a Date');
  assert.equal(verificeret.getTime(), Date.parse('2025-03-14T10:15:30.123+01:00'));
  // A JavaScript Date keeps milliseconds; the wire keeps the microseconds.
  assert.match(client.lastResponse, /2025-03-1\dT\d\d:\d\d:30\.123456/);
  assert.deepEqual(byId[ids.udland].Postadresse.Adresselinjer,
    { Adresselinje: linjer, Landekode: 'ES' });
  assert.equal(byId[ids.udland].GyldigFra.toISOString().slice(0, 10), '2026-01-01');
  assert.equal(byId[ids.udland].GyldigTil.toISOString().slice(0, 10), '2026-04-01');
  assert.equal(byId[ids.email].Email, 'Test.Person@Example.dk');
  assert.equal(byId[ids.mobil].Mobilnummer, '+4520123456', 'a bare 8-digit number is Danish');
  assert.equal(byId[ids.digital].Adressetype, 'DIGITAL_POST');
  const chosen = adresser.find((a) => !Object.values(ids).includes(a.AdresseID));
  assert.equal(chosen.Email, 'uden-id@example.dk');
  assert.match(chosen.AdresseID, /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/);
  for (const a of adresser) assert.ok(!a.Tilbageholdt, 'Demo ESDH sees every address');

  const key = (x) => JSON.stringify(x);
  const sorted = (list) => [...list].sort((a, b) => key(a).localeCompare(key(b)));
  const day = (d) => d && new Date(d).toISOString().slice(0, 10);
  const kanal = (k) => ({ ...k, GyldigFra: day(k.GyldigFra), GyldigTil: day(k.GyldigTil) });
  assert.deepEqual(sorted(asArray(kd.Kontaktkanal).map(kanal)),
    sorted(data.Kontaktkanal.map(kanal)));
  assert.deepEqual(sorted(asArray(kd.Kontaktform)), sorted(data.Kontaktform),
    'forms, with Prioritet a number and Tolkebehov a boolean');

  const reg = kd.Registrering;
  assert.equal(reg.Livscyklus, 'OPSTAAET');
  assert.equal(reg.UserSystemUUID, DEMO_ESDH);
  assert.equal(reg.UserUUID, RUN_USER_UUID);
  assert.equal(reg.Note, 'e2e node-soap');
  const at = reg.Tidspunkt instanceof Date ? reg.Tidspunkt.getTime() : NaN;
  assert.ok(at >= before - 60000 && at <= Date.now() + 60000,
    `Registrering/Tidspunkt ${reg.Tidspunkt} is not about now`);

  // Another municipality holds nothing for the part.
  await expectFault('Laes', { ...context(AARHUS), Part: part }, 'PART_FINDES_IKKE');
});

test('List answers every part in request order, one part as a list of one', OPTIONS, async () => {
  const [stored, unstored] = await freshPersons(2);
  await call('Opret', { ...context(), Kontaktdata: minimalKontaktdata(stored) });
  const invalid = { CPRNummer: '0000000000' };
  const list = await call('List', { ...context(), Part: [unstored, stored, invalid] });
  const result = asArray(list.Resultat);
  assert.deepEqual(result.map((r) => [r.Part, r.Status]),
    [[unstored, 'IKKE_FUNDET'], [stored, 'FUNDET'], [invalid, 'UGYLDIG']]);
  assert.equal(result[0].Kontaktdata, undefined);
  assert.equal(result[2].Kontaktdata, undefined);
  const kd = result[1].Kontaktdata;
  assert.deepEqual(kd.Part, stored);
  assert.equal(kd.Version, 1);
  assert.deepEqual(asArray(kd.Kontaktadresse)[0].Postadresse, { DanskAdresse: DANSK });

  // One Resultat (maxOccurs unbounded in the XSD) is still a list: node-soap read the schema.
  const one = await call('List', { ...context(), Part: [stored] });
  assert.ok(Array.isArray(one.Resultat), `Resultat is not a list: ${JSON.stringify(one)}`);
  assert.equal(one.Resultat.length, 1);
});

test('HentKontaktanvisning for Anna, nothing stored: Digital Post, then her CPR address',
  OPTIONS, async () => {
    // Asked as København, where nothing is stored for Anna (the zeep tests store her data in
    // Aarhus only, and put it back): only then is the answer the register's alone.
    const held = asArray((await call('List', { ...context(), Part: [{ CPRNummer: ANNA }] }))
      .Resultat)[0];
    assert.ok(held.Status === 'IKKE_FUNDET' ||
      held.Kontaktdata?.Registrering?.Livscyklus === 'PASSIVERET',
    'Københavns Kommune holds contact data for demo person Anna: this test needs none');

    const items = await hentKontaktanvisning({ Sagsomraade: '32.18.04',
      Part: [{ CPRNummer: ANNA }] });
    assert.ok(Array.isArray(items) && items.length === 1,
      `one Kontaktanvisning, as a list: ${JSON.stringify(items)}`);
    const [a] = items;
    checkAnvisning(a);
    assert.deepEqual(a.Part, { CPRNummer: ANNA });
    assert.equal(a.Status, 'KUN_REGISTER');
    assert.deepEqual(kanaler(a), [['DIGITAL_POST', 1, 'CPR'], ['BREVPOST', 2, 'CPR']]);
    assert.deepEqual(a.Kanal[1].Postadresse, { DanskAdresse: ANNA_ADRESSE });
    assert.deepEqual(a.RegistreretAdresse,
      { Navn: 'Anna Jensen', Postadresse: { DanskAdresse: ANNA_ADRESSE } });
    assert.deepEqual(formOf(a), STANDARD_FORM);
    assert.deepEqual(advarsler(a), []);
  });

test('HentKontaktanvisning answers a mix of parts in request order, UGYLDIG for bad ones',
  OPTIONS, async () => {
    const [stored, unknown] = await freshPersons(2);
    const data = minimalKontaktdata(stored);
    await call('Opret', { ...context(), Kontaktdata: data });
    const badCpr = { CPRNummer: '3213701234' };
    const badCvr = { CVRNummer: '12345678' };
    const company = { CVRNummer: EKSEMPEL };
    const parts = [stored, badCpr, company, unknown, badCvr, stored];

    const items = asArray(await hentKontaktanvisning({ Part: parts }));
    assert.deepEqual(items.map((a) => [a.Part, a.Status]), [
      [stored, 'KONTAKTDATA'], [badCpr, 'UGYLDIG'], [company, 'KUN_REGISTER'],
      [unknown, 'KUN_REGISTER'], [badCvr, 'UGYLDIG'], [stored, 'KONTAKTDATA'],
    ]);
    for (const i of [1, 4]) {
      assert.deepEqual(Object.keys(items[i]).sort(), ['Part', 'Status'],
        `an UGYLDIG item holds its Part and Status only: ${JSON.stringify(items[i])}`);
    }
    for (const i of [0, 2, 3, 5]) checkAnvisning(items[i]);

    const own = items[0];
    assert.deepEqual(kanaler(own), [['BREVPOST', 1, 'KONTAKTDATA']]);
    assert.equal(own.Kanal[0].AdresseID, data.Kontaktadresse[0].AdresseID);
    assert.deepEqual(own.Kanal[0].Postadresse, { DanskAdresse: DANSK });
    assert.deepEqual(formOf(own),
      { Sprog: 'da', Tiltaleform: 'DE', Medie: 'TEKST', Tolkebehov: false, Kilde: 'KONTAKTDATA' });
    assert.deepEqual(advarsler(own), ['UKENDT_I_REGISTER'], 'the simulator does not know him');
    assert.deepEqual(items[5], own, 'the same part twice: the same answer twice');

    const eksempel = items[2];
    assert.deepEqual(kanaler(eksempel), [['DIGITAL_POST', 1, 'CVR'], ['BREVPOST', 2, 'CVR']]);
    assert.deepEqual(eksempel.Kanal[1].Postadresse, { DanskAdresse: EKSEMPEL_ADRESSE });
    assert.deepEqual(eksempel.RegistreretAdresse,
      { Navn: 'Eksempel ApS', Postadresse: { DanskAdresse: EKSEMPEL_ADRESSE } });
    assert.deepEqual(advarsler(eksempel), []);

    assert.deepEqual(kanaler(items[3]), []);
    assert.equal(items[3].RegistreretAdresse, undefined);
    assert.deepEqual(formOf(items[3]), STANDARD_FORM);
    assert.deepEqual(advarsler(items[3]), ['UKENDT_I_REGISTER']);
  });

test('without AuthorityContext: a SOAP Fault with MANGLENDE_KONTEKST in its detail',
  OPTIONS, async () => {
    const client = await getClient();
    const [part] = await freshPersons(1);
    await expectFault('Laes', { ...context(KOEBENHAVN, { authority: false }), Part: part },
      'MANGLENDE_KONTEKST');
    // The request really left the element out, and carried the other two.
    assert.doesNotMatch(client.lastRequest, /AuthorityContext/);
    assert.match(client.lastRequest, /CallContext/);
    assert.match(client.lastRequest, /InvocationContext/);
    assert.equal(client.lastRequestHeaders?.SOAPAction, `"${NS_KD}Laes"`);
  });

test('Laes of a CPR number that breaks the rule: a SOAP Fault with UGYLDIG_CPR in its detail',
  OPTIONS, async () => {
    const errors = await expectFault('Laes',
      { ...context(), Part: { CPRNummer: '3213701234' } }, 'UGYLDIG_CPR');
    const text = errors.find((e) => e.ErrorCode === 'UGYLDIG_CPR').ErrorText;
    assert.match(text, /CPRNummer/, 'ErrorText names the element');
  });
