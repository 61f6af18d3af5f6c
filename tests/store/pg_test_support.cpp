#include "pg_test_support.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include <cppunit/extensions/HelperMacros.h>

#include "store/codec.hpp"
#include "store/json_writer.hpp"
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

void tom_kommune(const std::string& kommune_cvr) {
  pqxx::connection conn(owner_dsn());
  run_test_sql(conn, "ny_kommune", kommune_cvr, "Testkommune " + kommune_cvr);
  run_test_sql(conn, "toem_kommune", kommune_cvr);
}

Kommuneantal tael_kommune(const std::string& kommune_cvr) {
  pqxx::connection conn(owner_dsn());
  const auto r = run_test_sql(conn, "tael_kommune", kommune_cvr);
  Kommuneantal a;
  a.parter = r[0]["parter"].as<long>();
  a.registreringer = r[0]["registreringer"].as<long>();
  a.adresser = r[0]["adresser"].as<long>();
  a.kanaler = r[0]["kanaler"].as<long>();
  a.former = r[0]["former"].as<long>();
  a.haendelser = r[0]["haendelser"].as<long>();
  a.adgangslog = r[0]["adgangslog"].as<long>();
  return a;
}

long find_vaerdi(const std::string& value) {
  pqxx::connection conn(owner_dsn());
  return run_test_sql(conn, "find_vaerdi", value)[0][0].as<long>();
}

namespace {

// `parts` as a JSON array of {"part_type", "nummer"}, the parameter of the cache's test SQL.
std::string parts_json(const std::vector<domain::Part>& parts) {
  JsonWriter w;
  w.begin_array();
  for (const auto& p : parts) {
    w.begin_object();
    w.key("part_type").value(codec::to_db(p.type));
    w.key("nummer").value(p.nummer);
    w.end_object();
  }
  w.end_array();
  return w.str();
}

}  // namespace

void slet_registercache(const std::vector<domain::Part>& parts) {
  pqxx::connection conn(owner_dsn());
  run_test_sql(conn, "slet_registercache", parts_json(parts));
}

long tael_registercache(const std::vector<domain::Part>& parts) {
  pqxx::connection conn(owner_dsn());
  return run_test_sql(conn, "tael_registercache", parts_json(parts))[0][0].as<long>();
}

std::vector<Reg> registreringer(const std::string& kommune_cvr, const domain::Part& part) {
  pqxx::connection conn(owner_dsn());
  std::vector<Reg> out;
  for (const auto& row : run_test_sql(conn, "registreringer", kommune_cvr,
                                      std::string(codec::to_db(part.type)), part.nummer)) {
    Reg r;
    r.version = row["version"].as<std::int64_t>();
    r.livscyklus = row["livscyklus"].as<std::string>();
    if (!row["note"].is_null()) r.note = row["note"].as<std::string>();
    r.tidspunkt_us = row["tidspunkt_us"].as<std::int64_t>();
    out.push_back(std::move(r));
  }
  return out;
}

domain::Registrering registrering(domain::Tidspunkt t, domain::Livscyklus livscyklus,
                                  std::optional<std::string> note) {
  domain::Registrering r;
  r.tidspunkt = t;
  r.livscyklus = livscyklus;
  r.user_system_uuid = kDemoEsdh;
  r.user_uuid = "0b7c9f0e-5d4a-4e3b-8c2d-1a2b3c4d5e6f";
  r.note = std::move(note);
  return r;
}

domain::Part cpr_part(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d%04d", 1 + i % 28, 1 + (i / 28) % 12, (i / 336) % 100,
                i % 10000);
  return domain::Part{domain::Part::Type::Cpr, buf};
}

domain::Kontaktdata realistisk(const domain::Part& part, int variant) {
  using namespace domain;
  char id[40];
  auto adresse_id = [&](int n) {
    std::snprintf(id, sizeof id, "7e57da7a-0000-4000-8000-%012d", (variant % 100000000) * 10 + n);
    return std::string(id);
  };
  const std::string v = std::to_string(variant);
  Kontaktdata kd;
  kd.part = part;

  Kontaktadresse post;
  post.adresse_id = adresse_id(1);
  post.type = Adressetype::Postadresse;
  post.postadresse = DanskAdresse{
      "Testvej " + v, std::to_string(1 + variant % 200), "2", "tv", "8000", "Aarhus C"};
  post.gyldig_fra = Dato{2024, 1, 1};
  post.sidst_verificeret = tid(2024, 3, 1, 9, 15, 30, variant % 1000000);
  kd.adresser.push_back(post);

  Kontaktadresse email;
  email.adresse_id = adresse_id(2);
  email.type = Adressetype::Email;
  email.email = "person" + v + "@example.dk";
  kd.adresser.push_back(email);

  Kontaktadresse mobil;
  mobil.adresse_id = adresse_id(3);
  mobil.type = Adressetype::Mobiltelefon;
  char nummer[16];
  std::snprintf(nummer, sizeof nummer, "+45%08d", 20000000 + variant % 70000000);
  mobil.mobilnummer = nummer;
  mobil.gyldig_til = Dato{2030, 6, 30};
  kd.adresser.push_back(mobil);

  kd.kanaler.push_back(
      {Kanal::DigitalPost, std::nullopt, std::nullopt, 1, std::nullopt, std::nullopt});
  kd.kanaler.push_back(
      {Kanal::Brevpost, post.adresse_id, std::nullopt, 2, Dato{2024, 1, 1}, std::nullopt});
  kd.kanaler.push_back({Kanal::Email, email.adresse_id, "32.18", 1, std::nullopt, std::nullopt});
  kd.kanaler.push_back(
      {Kanal::Sms, mobil.adresse_id, std::nullopt, 3, std::nullopt, Dato{2026, 1, 1}});

  kd.former.push_back({"da", Tiltaleform::Du, Medie::Tekst, false, std::nullopt, std::nullopt, 1});
  kd.former.push_back({"en", Tiltaleform::De, Medie::Tekst, true, "en", "32.18", 1});
  return kd;
}

domain::Tidspunkt tid(int aar, unsigned maaned, unsigned dag, int timer, int minutter, int sekunder,
                      int mikrosekunder) {
  using namespace std::chrono;
  const sys_days d = year_month_day{year{aar}, month{maaned}, day{dag}};
  return domain::Tidspunkt{d.time_since_epoch() + hours{timer} + minutes{minutter} +
                           seconds{sekunder} + microseconds{mikrosekunder}};
}

void ToKommunerFixture::setUp() {
  prepare_database();
  tom_kommune(kommune1_);
  tom_kommune(kommune2_);
  store_ = std::make_unique<PgStore>(app_dsn(), 2);
}

void ToKommunerFixture::tearDown() {
  if (!store_) return;  // setUp failed: nothing to clean
  store_.reset();
  tom_kommune(kommune1_);
  tom_kommune(kommune2_);
}

}  // namespace kontaktdata::store::test
