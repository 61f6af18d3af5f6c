// The access log against PostgreSQL: one line per part in one statement (also for 1000 parts),
// read back for one part oldest first within [fra, til) and up to a limit, still answered for an
// erased part, part of the request's transaction, and separated by municipality.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

// This file's municipalities (see tom_kommune).
const std::string kK1 = "90000040";
const std::string kK2 = "90000041";

const Part kAnna{Part::Type::Cpr, "0101701234"};
const Part kBo{Part::Type::Cpr, "0202802345"};
const Part kFirma{Part::Type::Cvr, "12345674"};

Adgangspost post(Tidspunkt t, Operation op, std::optional<std::string> kald = std::nullopt) {
  Adgangspost p;
  p.tidspunkt = t;
  p.operation = op;
  p.user_system_uuid = kDemoEsdh;
  p.user_uuid = "bruger-1";
  p.on_behalf_of_user = "Sagsbehandler Ø";
  p.callers_service_call_identifier = std::move(kald);
  return p;
}

}  // namespace

class AccessLogTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(AccessLogTest);
  CPPUNIT_TEST(testOneLinePerPartInOneStatement);
  CPPUNIT_TEST(testThousandPartsAreOneStatement);
  CPPUNIT_TEST(testOldestFirstWithinPeriodAndLimit);
  CPPUNIT_TEST(testErasedPartStillAnswers);
  CPPUNIT_TEST(testRolledBackRequestLeavesNoLine);
  CPPUNIT_TEST(testTenantSeparation);
  CPPUNIT_TEST_SUITE_END();

 public:
  AccessLogTest() : ToKommunerFixture(kK1, kK2) {}

  void testOneLinePerPartInOneStatement() {
    {
      auto s = store_->begin();
      s->opret(kK1, realistisk(kAnna, 1), registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
      s->commit();
    }
    const Adgangspost p = post(tid(2024, 5, 1, 12, 0, 0, 123456), Operation::List, "kald-42");
    const std::uint64_t before = store_->statements();
    {
      auto s = store_->begin();
      // A held part, a part the municipality does not hold, and a company.
      s->log_adgang(kK1, {kAnna, kBo, kFirma}, p);
      s->commit();
    }
    // Setting the transaction's municipality (row-level security), then one statement.
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1 + 1}, store_->statements() - before);
    auto s = store_->begin();
    for (const Part& part : {kAnna, kBo, kFirma}) {
      const auto log = s->adgangslog(kK1, part, std::nullopt, std::nullopt, 100);
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, log.size());
      CPPUNIT_ASSERT(log[0] == p);
    }
    // Without the optional fields.
    Adgangspost kort = post(tid(2024, 5, 1, 13, 0, 0, 0), Operation::Laes);
    kort.on_behalf_of_user.reset();
    s->log_adgang(kK1, {kBo}, kort);
    CPPUNIT_ASSERT(s->adgangslog(kK1, kBo, std::nullopt, std::nullopt, 100).back() == kort);
    s->log_adgang(kK1, {}, kort);  // nothing to log: no statement
    s->commit();
  }

  void testThousandPartsAreOneStatement() {
    std::vector<Part> parts;
    for (int i = 0; i < 1000; ++i) parts.push_back(cpr_part(i));
    const std::uint64_t before = store_->statements();
    {
      auto s = store_->begin();
      s->log_adgang(kK1, parts,
                    post(tid(2024, 5, 1, 12, 0, 0, 0), Operation::HentKontaktanvisning));
      s->commit();
    }
    // Setting the transaction's municipality (row-level security), then one statement.
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1 + 1}, store_->statements() - before);
    CPPUNIT_ASSERT_EQUAL(1000L, tael_kommune(kK1).adgangslog);
    auto s = store_->begin();
    CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                         s->adgangslog(kK1, parts[999], std::nullopt, std::nullopt, 100).size());
  }

  void testOldestFirstWithinPeriodAndLimit() {
    const Tidspunkt t1 = tid(2024, 5, 1, 10, 0, 0, 1);
    const Tidspunkt t2 = tid(2024, 5, 1, 10, 0, 0, 2);
    const Tidspunkt t3 = tid(2024, 5, 2, 10, 0, 0, 0);
    const Tidspunkt t4 = tid(2024, 5, 3, 10, 0, 0, 0);
    {
      auto s = store_->begin();
      // Written out of time order; two lines share t2 (they keep the order they were written in).
      s->log_adgang(kK1, {kAnna}, post(t3, Operation::Ret, "c"));
      s->log_adgang(kK1, {kAnna}, post(t1, Operation::Opret, "a"));
      s->log_adgang(kK1, {kAnna}, post(t4, Operation::Slet, "d"));
      s->log_adgang(kK1, {kAnna}, post(t2, Operation::Laes, "b1"));
      s->log_adgang(kK1, {kAnna}, post(t2, Operation::List, "b2"));
      s->commit();
    }
    auto s = store_->begin();
    auto ids = [&](std::optional<Tidspunkt> fra, std::optional<Tidspunkt> til, int maks) {
      std::string out;
      for (const auto& l : s->adgangslog(kK1, kAnna, fra, til, maks)) {
        out += *l.callers_service_call_identifier + " ";
      }
      return out;
    };
    CPPUNIT_ASSERT_EQUAL(std::string("a b1 b2 c d "), ids(std::nullopt, std::nullopt, 100));
    CPPUNIT_ASSERT_EQUAL(std::string("b1 b2 c d "), ids(t2, std::nullopt, 100));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("til is exclusive", std::string("a b1 b2 "),
                                 ids(std::nullopt, t3, 100));
    CPPUNIT_ASSERT_EQUAL(std::string("b1 b2 c "), ids(t2, t4, 100));
    CPPUNIT_ASSERT_EQUAL(std::string("a b1 "), ids(std::nullopt, std::nullopt, 2));
    CPPUNIT_ASSERT_EQUAL(std::string(""),
                         ids(t4 + std::chrono::microseconds(1), std::nullopt, 100));
    CPPUNIT_ASSERT_EQUAL(std::string(""), ids(std::nullopt, std::nullopt, 0));
    const auto first = s->adgangslog(kK1, kAnna, std::nullopt, std::nullopt, 1);
    CPPUNIT_ASSERT(first.at(0) == post(t1, Operation::Opret, "a"));
  }

  void testErasedPartStillAnswers() {
    const Tidspunkt t = tid(2024, 5, 1, 10, 0, 0, 0);
    {
      auto s = store_->begin();
      s->opret(kK1, realistisk(kAnna, 1), registrering(t));
      s->log_adgang(kK1, {kAnna}, post(t, Operation::Opret));
      s->commit();
    }
    {
      auto s = store_->begin();
      s->slet(kK1, kAnna, t + std::chrono::seconds(1));
      s->log_adgang(kK1, {kAnna}, post(t + std::chrono::seconds(1), Operation::Slet));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->laes(kK1, kAnna).has_value());
    const auto log = s->adgangslog(kK1, kAnna, std::nullopt, std::nullopt, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, log.size());
    CPPUNIT_ASSERT(log[0].operation == Operation::Opret);
    CPPUNIT_ASSERT(log[1].operation == Operation::Slet);
  }

  void testRolledBackRequestLeavesNoLine() {
    {
      auto s = store_->begin();
      s->log_adgang(kK1, {kAnna}, post(tid(2024, 5, 1, 10, 0, 0, 0), Operation::Laes));
    }  // no commit
    auto s = store_->begin();
    CPPUNIT_ASSERT(s->adgangslog(kK1, kAnna, std::nullopt, std::nullopt, 100).empty());
  }

  void testTenantSeparation() {
    const Adgangspost p1 = post(tid(2024, 5, 1, 10, 0, 0, 0), Operation::Laes, "k1");
    const Adgangspost p2 = post(tid(2024, 5, 1, 11, 0, 0, 0), Operation::Laes, "k2");
    {
      auto s = store_->begin();
      s->log_adgang(kK1, {kAnna}, p1);
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(s->adgangslog(kK2, kAnna, std::nullopt, std::nullopt, 100).empty());
      s->log_adgang(kK2, {kAnna}, p2);
      s->commit();
    }
    auto s = store_->begin();
    const auto k1 = s->adgangslog(kK1, kAnna, std::nullopt, std::nullopt, 100);
    const auto k2 = s->adgangslog(kK2, kAnna, std::nullopt, std::nullopt, 100);
    CPPUNIT_ASSERT(k1.size() == 1 && k1[0] == p1);
    CPPUNIT_ASSERT(k2.size() == 1 && k2[0] == p2);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AccessLogTest);

}  // namespace kontaktdata::store::test
