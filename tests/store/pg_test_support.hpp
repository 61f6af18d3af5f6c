#pragma once

// Shared by the store tests (*_pgtest.cpp): the test database's DSNs, its preparation, and the
// tests' own SQL (tests/store/sql, embedded like the store's).

#include <cppunit/TestFixture.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pqxx/connection>
#include <pqxx/result>

#include "domain/model.hpp"
#include "store/pg_store.hpp"
#include "store/sql_files.hpp"

namespace kontaktdata::store::test {

/// The embedded files of tests/store/sql.
std::span<const SqlFile> sql_files() noexcept;

/// The text of tests/store/sql/`name`.sql.
std::string test_sql(std::string_view name);

/// KONTAKTDATA_TEST_OWNER_DSN (owner role: migrates and cleans up). Fails the test, with a
/// message that says what to set, when it is absent.
std::string owner_dsn();

/// KONTAKTDATA_TEST_DSN (kontaktdata_app, the serving role). Fails the test when absent.
std::string app_dsn();

/// Migrates the test database and loads deploy/demo-data.sql (both idempotent).
void prepare_database();

/// Runs deploy/demo-data.sql as the owner.
void load_demo_data();

/// Runs tests/store/sql/`name`.sql as one prepared statement on `conn` (autocommit) with `args`.
template <class... Args>
pqxx::result run_test_sql(pqxx::connection& conn, std::string_view name, Args&&... args);

/// Runs tests/store/sql/`name`.sql as it is (it may hold several statements) on `conn`.
void exec_test_sql(pqxx::connection& conn, std::string_view name);

/// Removes everything the store holds for a part (`owner`: a connection as the owner role).
void slet_part(pqxx::connection& owner, const std::string& kommune_cvr, const domain::Part& part);

/// What the store holds for one part: part rows, registrations, addresses, channels, forms and
/// feed events.
struct Antal {
  long parter = 0, registreringer = 0, adresser = 0, kanaler = 0, former = 0, haendelser = 0;
  friend bool operator==(const Antal&, const Antal&) = default;
};
Antal tael_part(const std::string& kommune_cvr, const domain::Part& part);

/// Creates the test municipality `kommune_cvr` if it is missing and empties it: no parts,
/// registrations, events, access log or Opgavesprog rules, its feed starting again at 1. Each
/// test file uses municipalities of its own (kTestkommune...), so that files running in
/// parallel never see each other's data.
void tom_kommune(const std::string& kommune_cvr);

/// What the store holds in one municipality.
struct Kommuneantal {
  long parter = 0, registreringer = 0, adresser = 0, kanaler = 0, former = 0, haendelser = 0,
       adgangslog = 0;
  friend bool operator==(const Kommuneantal&, const Kommuneantal&) = default;
};
Kommuneantal tael_kommune(const std::string& kommune_cvr);

/// How many rows of the registration tables, in every municipality, hold the text `value`.
long find_vaerdi(const std::string& value);

/// Removes the register cache's entries of `parts` (as the owner). The cache belongs to no
/// municipality: tom_kommune leaves it alone, and each test file removes the entries it wrote.
void slet_registercache(const std::vector<domain::Part>& parts);

/// How many of `parts` have a register cache entry, of any age (as the owner).
long tael_registercache(const std::vector<domain::Part>& parts);

/// One stored registration of a part, as the owner sees it.
struct Reg {
  std::int64_t version = 0;
  std::string livscyklus;
  std::optional<std::string> note;
  std::int64_t tidspunkt_us = 0;
};
/// A part's registrations, oldest first.
std::vector<Reg> registreringer(const std::string& kommune_cvr, const domain::Part& part);

/// A registration of the demo ESDH system at `t`.
domain::Registrering registrering(domain::Tidspunkt t,
                                  domain::Livscyklus livscyklus = domain::Livscyklus::Opstaaet,
                                  std::optional<std::string> note = std::nullopt);

/// The `i`-th of a series of distinct CPR numbers (0 <= i < 33600) of the form the store holds.
domain::Part cpr_part(int i);

/// A realistic record of `part`: a Danish postal address, an e-mail address and a mobile number
/// (3 addresses, their IDs derived from `variant`), four channels (DIGITAL_POST unscoped,
/// BREVPOST, EMAIL scoped to a case area, SMS) and two forms (Danish; English for a case area).
/// Values differ with `variant`.
domain::Kontaktdata realistisk(const domain::Part& part, int variant);

/// `stored` as a read answers it: with `version` and registration `r`.
inline domain::Kontaktdata som_laest(domain::Kontaktdata stored, std::int64_t version,
                                     domain::Registrering r) {
  stored.version = version;
  stored.registrering = std::move(r);
  return stored;
}

/// The municipalities and calling systems of the demo data.
inline constexpr const char* kAarhus = "55133018";
inline constexpr const char* kKoebenhavn = "64942212";
inline constexpr const char* kDemoEsdh = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
inline constexpr const char* kDemoFagsystem = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002";

/// An instant in UTC with microseconds.
domain::Tidspunkt tid(int aar, unsigned maaned, unsigned dag, int timer, int minutter, int sekunder,
                      int mikrosekunder);

/// A fixture over two municipalities of the test file's own, emptied before and after each test,
/// with a store on the serving role in `store_`.
class ToKommunerFixture : public CppUnit::TestFixture {
 public:
  void setUp() override;
  void tearDown() override;

 protected:
  ToKommunerFixture(std::string kommune1, std::string kommune2)
      : kommune1_(std::move(kommune1)), kommune2_(std::move(kommune2)) {}

  std::unique_ptr<PgStore> store_;

 private:
  std::string kommune1_;
  std::string kommune2_;
};

}  // namespace kontaktdata::store::test

#include <pqxx/nontransaction>

template <class... Args>
pqxx::result kontaktdata::store::test::run_test_sql(pqxx::connection& conn, std::string_view name,
                                                    Args&&... args) {
  const std::string statement = "test_" + std::string(stem(name));
  conn.prepare(statement, test_sql(name));
  pqxx::nontransaction tx(conn);
  auto result = tx.exec_prepared(statement, std::forward<Args>(args)...);
  conn.unprepare(statement);
  return result;
}
