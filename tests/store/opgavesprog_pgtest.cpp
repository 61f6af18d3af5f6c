// Opgavesprog rules against PostgreSQL: set, read (all or one case area), replace, remove with
// an empty language list, and separated by municipality.
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
const std::string kK1 = "90000080";
const std::string kK2 = "90000081";

}  // namespace

class OpgavesprogTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(OpgavesprogTest);
  CPPUNIT_TEST(testSetReadReplaceRemove);
  CPPUNIT_TEST(testTenantSeparation);
  CPPUNIT_TEST_SUITE_END();

 public:
  OpgavesprogTest() : ToKommunerFixture(kK1, kK2) {}

  void testSetReadReplaceRemove() {
    const Opgavesprog hoved{"32", {"da", "en"}};
    const Opgavesprog gruppe{"32.18", {"da"}};
    const Opgavesprog emne{"32.18.04", {"da", "kl", "dsl"}};
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(s->opgavesprog(kK1, std::nullopt).empty());
      s->ret_opgavesprog(kK1, emne);
      s->ret_opgavesprog(kK1, hoved);
      s->ret_opgavesprog(kK1, gruppe);
      s->commit();
    }
    {
      auto s = store_->begin();
      // All rules ordered by case area, languages in the order given.
      CPPUNIT_ASSERT(s->opgavesprog(kK1, std::nullopt) ==
                     (std::vector<Opgavesprog>{hoved, gruppe, emne}));
      // Exactly one case area (no prefix matching here: the service picks the rule).
      CPPUNIT_ASSERT(s->opgavesprog(kK1, std::string("32.18")) == std::vector<Opgavesprog>{gruppe});
      CPPUNIT_ASSERT(s->opgavesprog(kK1, std::string("32.1")).empty());
      CPPUNIT_ASSERT(s->opgavesprog(kK1, std::string("99")).empty());
      // Replace one, remove one (and removing what is not there is no error).
      s->ret_opgavesprog(kK1, Opgavesprog{"32", {"en"}});
      s->ret_opgavesprog(kK1, Opgavesprog{"32.18", {}});
      s->ret_opgavesprog(kK1, Opgavesprog{"45", {}});
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(s->opgavesprog(kK1, std::nullopt) ==
                   (std::vector<Opgavesprog>{Opgavesprog{"32", {"en"}}, emne}));
  }

  void testTenantSeparation() {
    {
      auto s = store_->begin();
      s->ret_opgavesprog(kK1, Opgavesprog{"32", {"da", "en"}});
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(s->opgavesprog(kK2, std::nullopt).empty());
      CPPUNIT_ASSERT(s->opgavesprog(kK2, std::string("32")).empty());
      s->ret_opgavesprog(kK2, Opgavesprog{"32", {"de"}});
      s->ret_opgavesprog(kK2, Opgavesprog{"32", {}});  // removes K2's rule only
      s->ret_opgavesprog(kK2, Opgavesprog{"27", {"sv"}});
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(s->opgavesprog(kK1, std::nullopt) ==
                   (std::vector<Opgavesprog>{Opgavesprog{"32", {"da", "en"}}}));
    CPPUNIT_ASSERT(s->opgavesprog(kK2, std::nullopt) ==
                   (std::vector<Opgavesprog>{Opgavesprog{"27", {"sv"}}}));
  }

};

CPPUNIT_TEST_SUITE_REGISTRATION(OpgavesprogTest);

}  // namespace kontaktdata::store::test
