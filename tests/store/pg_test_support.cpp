#include "pg_test_support.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include <cppunit/extensions/HelperMacros.h>

#include "store/codec.hpp"
#include "store/migrate.hpp"

namespace kontaktdata::store::test {
namespace {

std::string required_env(const char* name, const char* role) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    CPPUNIT_FAIL(std::string(name) + " is not set. The store tests need a throwaway PostgreSQL: " +
                 "set KONTAKTDATA_TEST_OWNER_DSN to a libpq connection string for the owner role " +
                 "(kontaktdata_owner) and KONTAKTDATA_TEST_DSN to one for the serving role " +
                 "(kontaktdata_app) of the same database; this one is for " + role +
                 ". deploy/test.sh starts such a cluster and sets both.");
  }
  return value;
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) CPPUNIT_FAIL(std::string("cannot read ") + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string test_sql(std::string_view name) {
  return std::string(find_sql(sql_files(), name).text);
}

std::string owner_dsn() { return required_env("KONTAKTDATA_TEST_OWNER_DSN", "the owner role"); }

std::string app_dsn() { return required_env("KONTAKTDATA_TEST_DSN", "the serving role"); }

void prepare_database() {
  const std::string dsn = owner_dsn();
  static std::once_flag once;
  std::call_once(once, [&] {
    migrate(dsn);
    load_demo_data();
  });
}

void load_demo_data() {
  pqxx::connection conn(owner_dsn());
  pqxx::nontransaction tx(conn);
  tx.exec(read_file(KONTAKTDATA_DEMO_DATA_SQL));
}

void exec_test_sql(pqxx::connection& conn, std::string_view name) {
  pqxx::nontransaction tx(conn);
  tx.exec(test_sql(name));
}

void slet_part(pqxx::connection& owner, const std::string& kommune_cvr, const domain::Part& part) {
  run_test_sql(owner, "slet_part", kommune_cvr, std::string(codec::to_db(part.type)), part.nummer);
}

Antal tael_part(const std::string& kommune_cvr, const domain::Part& part) {
  pqxx::connection conn(owner_dsn());
  const auto r = run_test_sql(conn, "tael_part", kommune_cvr, std::string(codec::to_db(part.type)),
                              part.nummer);
  Antal a;
  a.parter = r[0]["parter"].as<long>();
  a.registreringer = r[0]["registreringer"].as<long>();
  a.adresser = r[0]["adresser"].as<long>();
  a.kanaler = r[0]["kanaler"].as<long>();
  a.former = r[0]["former"].as<long>();
  a.haendelser = r[0]["haendelser"].as<long>();
  return a;
}

domain::Tidspunkt tid(int aar, unsigned maaned, unsigned dag, int timer, int minutter, int sekunder,
                      int mikrosekunder) {
  using namespace std::chrono;
  const sys_days d = year_month_day{year{aar}, month{maaned}, day{dag}};
  return domain::Tidspunkt{d.time_since_epoch() + hours{timer} + minutes{minutter} +
                           seconds{sekunder} + microseconds{mikrosekunder}};
}

}  // namespace kontaktdata::store::test
