// The serving role (kontaktdata_app) owns nothing and may not change the schema: every DDL
// statement is refused, and so is DML the migrations did not grant -- among it deleting or
// changing access-log lines and feed events, and deleting idempotency keys and register cache
// entries (only the retention job, as the owner, deletes those).
#include <cppunit/extensions/HelperMacros.h>

#include <pqxx/connection>
#include <pqxx/except>

#include "pg_test_support.hpp"

namespace kontaktdata::store::test {

class AppRoleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AppRoleTest);
  CPPUNIT_TEST(testCannotCreateTable);
  CPPUNIT_TEST(testCannotCreateTableInPublic);
  CPPUNIT_TEST(testCannotCreateTemporaryTable);
  CPPUNIT_TEST(testCannotCreateSchema);
  CPPUNIT_TEST(testCannotAlterTable);
  CPPUNIT_TEST(testCannotDropTable);
  CPPUNIT_TEST(testCannotUpdateRegistrations);
  CPPUNIT_TEST(testCannotGrantOperations);
  CPPUNIT_TEST(testCannotRenameMunicipality);
  CPPUNIT_TEST(testCannotDeleteAccessLog);
  CPPUNIT_TEST(testCannotChangeAccessLog);
  CPPUNIT_TEST(testCannotDeleteEvents);
  CPPUNIT_TEST(testCannotChangeEvents);
  CPPUNIT_TEST(testCannotDeleteIdempotencyKeys);
  CPPUNIT_TEST(testCannotDeleteRegisterCache);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { prepare_database(); }

  void testCannotCreateTable() { assert_refused("ddl_opret_tabel"); }
  void testCannotCreateTableInPublic() { assert_refused("ddl_opret_tabel_i_public"); }
  void testCannotCreateTemporaryTable() { assert_refused("ddl_opret_temp_tabel"); }
  void testCannotCreateSchema() { assert_refused("ddl_opret_skema"); }
  void testCannotAlterTable() { assert_refused("ddl_aendr_tabel"); }
  void testCannotDropTable() { assert_refused("ddl_drop_tabel"); }
  void testCannotUpdateRegistrations() { assert_refused("dml_ret_registrering"); }
  void testCannotGrantOperations() { assert_refused("dml_ny_bevilling"); }
  void testCannotRenameMunicipality() { assert_refused("dml_omdoeb_kommune"); }
  void testCannotDeleteAccessLog() { assert_refused("dml_slet_adgangslog"); }
  void testCannotChangeAccessLog() { assert_refused("dml_ret_adgangslog"); }
  void testCannotDeleteEvents() { assert_refused("dml_slet_haendelse"); }
  void testCannotChangeEvents() { assert_refused("dml_ret_haendelse"); }
  void testCannotDeleteIdempotencyKeys() { assert_refused("dml_slet_idempotens"); }
  void testCannotDeleteRegisterCache() { assert_refused("dml_slet_registercache"); }

 private:
  // SQLSTATE 42501, which libpqxx 6.4 throws as pqxx::insufficient_privilege (with sqlstate()
  // left empty). "must be owner of table" (ALTER, DROP) is 42501 too.
  static void assert_refused(const char* probe) {
    pqxx::connection app(app_dsn());
    try {
      exec_test_sql(app, probe);
    } catch (const pqxx::insufficient_privilege&) {
      return;
    } catch (const pqxx::sql_error& e) {
      CPPUNIT_FAIL(std::string(probe) + ": refused, but not for lack of privilege: " + e.what());
    }
    CPPUNIT_FAIL(std::string("the app role was allowed: ") + probe);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AppRoleTest);

}  // namespace kontaktdata::store::test
