// The database connection can require TLS from configuration alone: the serving role's DSN with
// libpq's sslmode=verify-full and the CA that signed the server's certificate. deploy/test.sh
// starts the test cluster with deploy/make-test-certs.sh's server certificate
// (KONTAKTDATA_PG_TLS_DIR) and tells this test where those files are (KONTAKTDATA_TEST_PG_TLS_DIR).
#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <string>

#include <pqxx/connection>

#include "domain/error.hpp"
#include "pg_test_support.hpp"

namespace kontaktdata::store::test {
namespace {

std::string tls_dir() {
  const char* dir = std::getenv("KONTAKTDATA_TEST_PG_TLS_DIR");
  if (dir == nullptr || *dir == '\0') {
    CPPUNIT_FAIL(
        "KONTAKTDATA_TEST_PG_TLS_DIR is not set: the folder of deploy/make-test-certs.sh whose "
        "server certificate the test cluster uses (deploy/test.sh sets it)");
  }
  return dir;
}

std::string verify_full(const std::string& ca_file) {
  return app_dsn() + " sslmode=verify-full sslrootcert=" + tls_dir() + "/" + ca_file;
}

}  // namespace

class TlsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TlsTest);
  CPPUNIT_TEST(testVerifyFullConnectsOverTls);
  CPPUNIT_TEST(testTheStoreServesOverAVerifiedConnection);
  CPPUNIT_TEST(testAServerCertificateOfAnotherCaIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { prepare_database(); }

  void testVerifyFullConnectsOverTls() {
    pqxx::connection conn(verify_full("ca.pem"));
    const pqxx::result rows = run_test_sql(conn, "tls_forbindelse");
    CPPUNIT_ASSERT_EQUAL(pqxx::result::size_type{1}, rows.size());
    CPPUNIT_ASSERT_MESSAGE("the connection is not encrypted", rows[0]["ssl"].as<bool>());
    const std::string version = rows[0]["version"].as<std::string>();
    CPPUNIT_ASSERT_MESSAGE(version, version == "TLSv1.2" || version == "TLSv1.3");
  }

  void testTheStoreServesOverAVerifiedConnection() {
    PgStore store(verify_full("ca.pem"), 1);
    auto session = store.begin();
    CPPUNIT_ASSERT(session->kaldende_system(kDemoEsdh, kAarhus).has_value());
    session->commit();
  }

  void testAServerCertificateOfAnotherCaIsRefused() {
    PgStore store(verify_full("other-ca.pem"), 1, std::chrono::milliseconds(2000));
    try {
      store.begin();
    } catch (const domain::Error& e) {
      CPPUNIT_ASSERT(e.code() == domain::ErrorCode::MidlertidigFejl);
      return;
    }
    CPPUNIT_FAIL("connected to a server whose certificate no trusted CA signed");
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TlsTest);

}  // namespace kontaktdata::store::test
