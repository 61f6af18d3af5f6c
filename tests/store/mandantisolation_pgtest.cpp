// Tenant isolation enforced by PostgreSQL (migrations/V006__mandantisolation.sql): the serving
// role cannot bypass row-level security, every table of tenant data has a policy and every view
// reads with the caller's rights, and a deliberately unfiltered query through the serving role
// sees and writes only the rows of the municipality set for its transaction -- none at all
// without one, and none once that transaction has ended.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <optional>
#include <set>
#include <string>

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/transaction>

#include "pg_test_support.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

const std::string kK1 = "90000090";
const std::string kK2 = "90000091";

// Runs tests/store/sql/`name`.sql in one transaction of `conn`, with the tenant set first when
// one is given (as the store does), and commits.
template <class... Args>
pqxx::result in_transaction(pqxx::connection& conn, const std::optional<std::string>& tenant,
                            std::string_view name, Args&&... args) {
  const std::string statement = "test_" + std::string(name);
  conn.prepare(statement, test_sql(name));
  pqxx::result result;
  {
    pqxx::work tx(conn);
    if (tenant) tx.exec_params("SELECT set_config('kontaktdata.kommune', $1, true)", *tenant);
    result = tx.exec_prepared(statement, std::forward<Args>(args)...);
    tx.commit();
  }
  conn.unprepare(statement);
  return result;
}

// Table -> the municipalities of the rows an unfiltered read returned.
std::map<std::string, std::set<std::string>> unfiltered(pqxx::connection& conn,
                                                        const std::optional<std::string>& tenant) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& row : in_transaction(conn, tenant, "rls_ufiltreret")) {
    out[row["tabel"].as<std::string>()].insert(row["kommune_cvr"].as<std::string>());
  }
  return out;
}

const std::set<std::string> kTenantTables = {
    "part",      "registrering", "kontaktadresse", "kontaktkanal",     "kontaktform",
    "haendelse", "adgangslog",   "opgavesprog",    "idempotensnoegle", "kommune"};

}  // namespace

class MandantisolationTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(MandantisolationTest);
  CPPUNIT_TEST(testServingRoleCannotBypassRowLevelSecurity);
  CPPUNIT_TEST(testEveryTableOfTenantDataHasAPolicy);
  CPPUNIT_TEST(testEveryViewReadsWithTheCallersRights);
  CPPUNIT_TEST(testUnfilteredQuerySeesOnlyTheTenantsRows);
  CPPUNIT_TEST(testViewShowsOnlyTheTenantsRows);
  CPPUNIT_TEST(testWithoutTenantNothingIsVisible);
  CPPUNIT_TEST(testTenantEndsWithItsTransaction);
  CPPUNIT_TEST(testAnotherTenantsRowsCannotBeWritten);
  CPPUNIT_TEST_SUITE_END();

 public:
  MandantisolationTest() : ToKommunerFixture(kK1, kK2) {}

  void setUp() override {
    ToKommunerFixture::setUp();
    // The same person in both municipalities, and one of each's own, with every kind of tenant
    // row: registrations and their children, events, access log, Opgavesprog, idempotency keys.
    const Part faelles = cpr_part(1201);
    for (const auto& [kommune, egen] : {std::pair{kK1, cpr_part(1202)}, {kK2, cpr_part(1203)}}) {
      auto s = store_->begin();
      s->opret(kommune, realistisk(faelles, 1), registrering(tid(2026, 1, 1, 0, 0, 0, 0)));
      s->opret(kommune, realistisk(egen, 2), registrering(tid(2026, 1, 1, 0, 0, 0, 0)));
      s->log_adgang(kommune, {faelles, egen},
                    Adgangspost{tid(2026, 1, 2, 0, 0, 0, 0), Operation::Laes, kDemoEsdh, "u",
                                std::nullopt, std::nullopt});
      s->ret_opgavesprog(kommune, Opgavesprog{"32", {"da", "en"}});
      CPPUNIT_ASSERT(!s->reserver_idempotens(kommune, kDemoEsdh, "rls-noegle", Operation::Opret,
                                             tid(2026, 1, 3, 0, 0, 0, 0),
                                             tid(2026, 1, 2, 0, 0, 0, 0)));
      s->gem_idempotens(kommune, kDemoEsdh, "rls-noegle", {});
      s->commit();
    }
  }

  void testServingRoleCannotBypassRowLevelSecurity() {
    pqxx::connection app(app_dsn());
    const pqxx::result rows = run_test_sql(app, "rls_rolle");
    CPPUNIT_ASSERT_EQUAL(pqxx::result::size_type{1}, rows.size());
    CPPUNIT_ASSERT_MESSAGE("the serving role is a superuser", !rows[0]["rolsuper"].as<bool>());
    CPPUNIT_ASSERT_MESSAGE("the serving role has BYPASSRLS", !rows[0]["rolbypassrls"].as<bool>());
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the serving role owns relations (owners are exempt)", 0L,
                                 rows[0]["ejer_af"].as<long>());
  }

  void testEveryTableOfTenantDataHasAPolicy() {
    pqxx::connection owner(owner_dsn());
    std::string missing;
    for (const auto& row : run_test_sql(owner, "rls_uden_politik")) {
      missing += " " + row[0].as<std::string>();
    }
    CPPUNIT_ASSERT_MESSAGE("tables of tenant data without row-level security:" + missing,
                           missing.empty());
  }

  void testEveryViewReadsWithTheCallersRights() {
    pqxx::connection owner(owner_dsn());
    std::string definer;
    for (const auto& row : run_test_sql(owner, "rls_views_uden_invoker")) {
      definer += " " + row[0].as<std::string>();
    }
    CPPUNIT_ASSERT_MESSAGE("views without security_invoker:" + definer, definer.empty());
  }

  void testUnfilteredQuerySeesOnlyTheTenantsRows() {
    pqxx::connection app(app_dsn());
    for (const std::string& tenant : {kK1, kK2}) {
      const auto seen = unfiltered(app, tenant);
      for (const auto& table : kTenantTables) {
        const auto it = seen.find(table);
        CPPUNIT_ASSERT_MESSAGE(table + ": the tenant's own rows are not seen", it != seen.end());
        CPPUNIT_ASSERT_MESSAGE(table + ": rows of another municipality are seen",
                               it->second == std::set<std::string>{tenant});
      }
    }
  }

  void testViewShowsOnlyTheTenantsRows() {
    pqxx::connection app(app_dsn());
    pqxx::connection owner(owner_dsn());
    for (const std::string& tenant : {kK1, kK2}) {
      const long own = run_test_sql(owner, "rls_view_raekker_i_kommune", tenant)[0][0].as<long>();
      CPPUNIT_ASSERT(own > 0);
      CPPUNIT_ASSERT_EQUAL(own, in_transaction(app, tenant, "rls_view_raekker")[0][0].as<long>());
    }
  }

  void testWithoutTenantNothingIsVisible() {
    pqxx::connection app(app_dsn());
    CPPUNIT_ASSERT(unfiltered(app, std::nullopt).empty());
    CPPUNIT_ASSERT_EQUAL(0L,
                         in_transaction(app, std::nullopt, "rls_view_raekker")[0][0].as<long>());
  }

  void testTenantEndsWithItsTransaction() {
    pqxx::connection app(app_dsn());
    CPPUNIT_ASSERT(!unfiltered(app, kK1).empty());
    // The same connection, as a pooled one is used by the next request.
    CPPUNIT_ASSERT(unfiltered(app, std::nullopt).empty());
  }

  void testAnotherTenantsRowsCannotBeWritten() {
    pqxx::connection app(app_dsn());
    // Inserting a row of the other municipality: refused by the policy's WITH CHECK (42501).
    bool refused = false;
    try {
      in_transaction(app, kK1, "rls_skriv_opgavesprog", kK2);
    } catch (const pqxx::insufficient_privilege&) {
      refused = true;
    }
    CPPUNIT_ASSERT_MESSAGE("a row of another municipality was inserted", refused);
    // Its own municipality's: allowed (so the refusal above was the policy's).
    in_transaction(app, kK1, "rls_skriv_opgavesprog", kK1);
    // Updates of the other municipality's parts and feed counter reach no row.
    CPPUNIT_ASSERT_EQUAL(0L, in_transaction(app, kK1, "rls_ret_andres", kK2)[0][0].as<long>());
    CPPUNIT_ASSERT(in_transaction(app, kK2, "rls_ret_andres", kK2)[0][0].as<long>() > 0);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MandantisolationTest);

}  // namespace kontaktdata::store::test
