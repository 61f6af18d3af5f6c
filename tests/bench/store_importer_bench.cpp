// Benchmark of the store's Importer (not a test): parts per second for 1000-item batches of
// realistic records (3 addresses, 4 channels, 2 forms each), next to the raw PostgreSQL ceiling
// for the same rows -- the same parts, registrations, addresses, channels, forms and events
// written with COPY (one COPY per table per batch, client-assigned keys, none of the store's
// logic: no upsert, no version or lifecycle decision, no feed counter) into an identical copy of
// the schema (kd_bench, built by the same migrations). Both in the same run, same machine.
//
//   store_importer_bench [batches]     (default 20 batches of 1000, at most 32)
//
// Needs KONTAKTDATA_TEST_OWNER_DSN and KONTAKTDATA_TEST_DSN, like the store tests (e.g.
// `eval "$(deploy/pg.sh env)"`). Uses the municipality 90000090 and the schema kd_bench, and
// removes both when done.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include <cppunit/Exception.h>
#include <pqxx/connection>
#include <pqxx/stream_to>
#include <pqxx/transaction>

#include "pg_test_support.hpp"
#include "store/codec.hpp"
#include "store/migrate.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;
using Clock = std::chrono::steady_clock;

const std::string kKommune = "90000090";
constexpr int kBatch = 1000;

std::string bench_dsn() { return owner_dsn() + " options='-csearch_path=kd_bench'"; }

std::vector<Kontaktdata> batch_of(int b, int variant) {
  std::vector<Kontaktdata> items;
  items.reserve(kBatch);
  for (int i = 0; i < kBatch; ++i)
    items.push_back(realistisk(cpr_part(b * kBatch + i), variant + i));
  return items;
}

// One COPY row: text values, nullopt for NULL.
using Row = std::vector<std::optional<std::string>>;

// libpqxx 6.4's stream_to takes tuple-like rows only (std::tuple_size): a std::array of the
// table's column count, NULL as nullptr.
template <std::size_t N>
void put(pqxx::stream_to& stream, const Row& row) {
  if (row.size() != N) throw std::logic_error("COPY row of the wrong width");
  std::array<const char*, N> fields{};
  for (std::size_t i = 0; i < N; ++i) fields[i] = row[i] ? row[i]->c_str() : nullptr;
  stream << fields;
}

std::optional<std::string> opt(const std::optional<std::string>& s) { return s; }
std::optional<std::string> opt_date(const std::optional<Dato>& d) {
  return d ? std::optional(codec::date_text(*d)) : std::nullopt;
}
template <class E>
std::optional<std::string> opt_enum(const std::optional<E>& e) {
  return e ? std::optional(std::string(codec::to_db(*e))) : std::nullopt;
}

std::string uuid_of(std::int64_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "b7000000-0000-4000-8000-%012lld", static_cast<long long>(n));
  return buf;
}

// Writes batch `b` as raw rows with COPY into kd_bench, in one transaction.
void raw_batch(pqxx::connection& conn, int b, const std::vector<Kontaktdata>& items,
               const Registrering& r) {
  pqxx::work tx(conn);
  const std::string ts = codec::timestamptz_text(r.tidspunkt);
  const auto id_of = [&](std::size_t i) { return static_cast<std::int64_t>(b) * kBatch + i + 1; };
  {
    pqxx::stream_to s(tx, "part",
                      std::vector<std::string>{"id", "kommune_cvr", "part_type", "nummer",
                                               "version", "tilstand"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      put<6>(s, {uuid_of(id_of(i)), kKommune, std::string(codec::to_db(items[i].part.type)),
                 items[i].part.nummer, "1", "AKTIV"});
    }
    s.complete();
  }
  {
    pqxx::stream_to s(tx, "registrering",
                      std::vector<std::string>{"id", "part_id", "kommune_cvr", "version",
                                               "tidspunkt", "livscyklus", "user_system_uuid",
                                               "user_uuid", "on_behalf_of_user", "note"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      put<10>(s, {std::to_string(id_of(i)), uuid_of(id_of(i)), kKommune, "1", ts, "OPSTAAET",
                  r.user_system_uuid, r.user_uuid, opt(r.on_behalf_of_user), opt(r.note)});
    }
    s.complete();
  }
  {
    pqxx::stream_to s(
        tx, "kontaktadresse",
        std::vector<std::string>{"registrering_id", "kommune_cvr", "position", "adresse_id",
                                 "adressetype", "postadresseform", "vejnavn", "husnummer", "etage",
                                 "sidedoer", "postnummer", "postdistrikt", "landekode", "email",
                                 "mobilnummer", "gyldig_fra", "gyldig_til", "sidst_verificeret"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t p = 0; p < items[i].adresser.size(); ++p) {
        const auto& a = items[i].adresser[p];
        const DanskAdresse* d =
            a.postadresse ? std::get_if<DanskAdresse>(&*a.postadresse) : nullptr;
        put<18>(s,
                {std::to_string(id_of(i)), kKommune, std::to_string(p), a.adresse_id,
                 std::string(codec::to_db(a.type)),
                 d ? std::optional<std::string>("DANSK") : std::nullopt,
                 d ? std::optional(d->vejnavn) : std::nullopt,
                 d ? std::optional(d->husnummer) : std::nullopt, d ? d->etage : std::nullopt,
                 d ? d->sidedoer : std::nullopt, d ? std::optional(d->postnummer) : std::nullopt,
                 d ? std::optional(d->postdistrikt) : std::nullopt, std::nullopt, a.email,
                 a.mobilnummer, opt_date(a.gyldig_fra), opt_date(a.gyldig_til),
                 a.sidst_verificeret ? std::optional(codec::timestamptz_text(*a.sidst_verificeret))
                                     : std::nullopt});
      }
    }
    s.complete();
  }
  {
    pqxx::stream_to s(tx, "kontaktkanal",
                      std::vector<std::string>{"registrering_id", "kommune_cvr", "position",
                                               "kanal", "adresse_id", "sagsomraade", "prioritet",
                                               "gyldig_fra", "gyldig_til"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t p = 0; p < items[i].kanaler.size(); ++p) {
        const auto& k = items[i].kanaler[p];
        put<9>(s, {std::to_string(id_of(i)), kKommune, std::to_string(p),
                   std::string(codec::to_db(k.kanal)), k.adresse_id, k.sagsomraade,
                   std::to_string(k.prioritet), opt_date(k.gyldig_fra), opt_date(k.gyldig_til)});
      }
    }
    s.complete();
  }
  {
    pqxx::stream_to s(tx, "kontaktform",
                      std::vector<std::string>{"registrering_id", "kommune_cvr", "position",
                                               "sprog", "tiltaleform", "medie", "tolkebehov",
                                               "tolkesprog", "sagsomraade", "prioritet"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      for (std::size_t p = 0; p < items[i].former.size(); ++p) {
        const auto& f = items[i].former[p];
        put<10>(
            s, {std::to_string(id_of(i)), kKommune, std::to_string(p), f.sprog,
                opt_enum(f.tiltaleform), opt_enum(f.medie),
                f.tolkebehov ? std::optional<std::string>(*f.tolkebehov ? "t" : "f") : std::nullopt,
                f.tolkesprog, f.sagsomraade, std::to_string(f.prioritet)});
      }
    }
    s.complete();
  }
  {
    pqxx::stream_to s(
        tx, "haendelse",
        std::vector<std::string>{"kommune_cvr", "sekvensnummer", "tidspunkt", "part_id",
                                 "part_type", "nummer", "haendelsestype", "version"});
    for (std::size_t i = 0; i < items.size(); ++i) {
      put<8>(s, {kKommune, std::to_string(id_of(i)), ts, uuid_of(id_of(i)),
                 std::string(codec::to_db(items[i].part.type)), items[i].part.nummer, "OPRETTET",
                 "1"});
    }
    s.complete();
  }
  tx.commit();
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int run(int batches) {
  prepare_database();
  tom_kommune(kKommune);
  {
    pqxx::connection owner(owner_dsn());
    exec_test_sql(owner, "bench_vacuum");
    exec_test_sql(owner, "bench_nyt_skema");
  }
  migrate(bench_dsn());
  pqxx::connection raw(bench_dsn());
  run_test_sql(raw, "bench_kommune", kKommune);

  // The data, made before any timing. Batch 0 warms both paths up and is not counted.
  std::vector<std::vector<Kontaktdata>> data;
  for (int b = 0; b <= batches; ++b) data.push_back(batch_of(b, 0));
  std::vector<std::vector<Kontaktdata>> replacements;
  for (int b = 0; b <= batches; ++b) replacements.push_back(batch_of(b, 500000));
  const Registrering r = registrering(tid(2024, 9, 1, 8, 0, 0, 0));

  PgStore store(app_dsn(), 1);
  auto import = [&](const std::vector<Kontaktdata>& items) {
    auto s = store.begin();
    const auto results = s->importer(kKommune, items, r);
    s->commit();
    if (results.size() != items.size()) throw std::runtime_error("importer: wrong result count");
  };

  Clock::duration store_new{}, store_replace{}, raw_copy{};
  std::vector<double> new_ms, replace_ms, raw_ms;  // per batch, for the spread
  std::uint64_t statements = 0;
  for (int b = 0; b <= batches; ++b) {
    // Interleaved, so that both paths see the same state of the machine and the database.
    const auto t0 = Clock::now();
    const std::uint64_t s0 = store.statements();
    import(data[static_cast<std::size_t>(b)]);
    const auto t1 = Clock::now();
    const std::uint64_t s1 = store.statements();
    raw_batch(raw, b, data[static_cast<std::size_t>(b)], r);
    const auto t2 = Clock::now();
    if (b == 0) continue;
    store_new += t1 - t0;
    raw_copy += t2 - t1;
    new_ms.push_back(seconds(t1 - t0) * 1000);
    raw_ms.push_back(seconds(t2 - t1) * 1000);
    statements = std::max(statements, s1 - s0);
  }
  for (int b = 0; b <= batches; ++b) {
    const auto t0 = Clock::now();
    import(replacements[static_cast<std::size_t>(b)]);
    if (b == 0) continue;
    store_replace += Clock::now() - t0;
    replace_ms.push_back(seconds(Clock::now() - t0) * 1000);
  }

  const double parts = static_cast<double>(batches) * kBatch;
  const double new_rate = parts / seconds(store_new);
  const double replace_rate = parts / seconds(store_replace);
  const double raw_rate = parts / seconds(raw_copy);
  std::printf("store_importer_bench: %d batches of %d parts (3 addresses, 4 channels, 2 forms)\n",
              batches, kBatch);
  std::printf("  store importer, new parts:      %9.0f parts/s  (%llu statements per batch)\n",
              new_rate, static_cast<unsigned long long>(statements));
  std::printf("  store importer, replaced parts: %9.0f parts/s\n", replace_rate);
  std::printf("  raw COPY ceiling, same rows:    %9.0f parts/s\n", raw_rate);
  std::printf("  ratio store/raw: new %.2f, replaced %.2f\n", new_rate / raw_rate,
              replace_rate / raw_rate);
  auto spread = [](const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    std::printf("  ms per batch, %-8s min %6.1f  median %6.1f  max %6.1f\n", what, ms.front(),
                ms[ms.size() / 2], ms.back());
  };
  spread("new", new_ms);
  spread("replaced", replace_ms);
  spread("raw", raw_ms);

  tom_kommune(kKommune);
  pqxx::connection owner(owner_dsn());
  exec_test_sql(owner, "bench_fjern_skema");
  return 0;
}

}  // namespace
}  // namespace kontaktdata::store::test

int main(int argc, char** argv) {
  const int batches = argc > 1 ? std::atoi(argv[1]) : 20;
  if (batches < 1 || batches > 32) {
    std::cerr << "usage: store_importer_bench [batches 1..32]\n";
    return 2;
  }
  try {
    return kontaktdata::store::test::run(batches);
  } catch (const CppUnit::Exception& e) {  // what the test support says about missing settings
    std::cerr << "store_importer_bench: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "store_importer_bench: " << e.what() << "\n";
    try {
      std::rethrow_if_nested(e);
    } catch (const std::exception& inner) {
      std::cerr << "  cause: " << inner.what() << "\n";
    }
  }
  return 1;
}
