// The fault table, row by row: every error code becomes a SOAP 1.1 Fault with the right
// faultcode and a ServiceplatformFault detail carrying that code; and gSOAP's own errors (found
// before an operation runs) map to the contract's codes.
#include <cppunit/extensions/HelperMacros.h>
#include <stdsoap2.h>

#include <sstream>
#include <string>

#include "domain/error.hpp"
#include "soap/fault.hpp"

using kontaktdata::domain::Error;
using kontaktdata::domain::ErrorCode;

namespace {

// Serialises the fault currently set on `ctx` into XML text, as it would go on the wire.
std::string sent_fault(struct soap* ctx) {
  std::ostringstream out;
  ctx->os = &out;
  soap_send_fault(ctx);
  ctx->os = nullptr;
  return out.str();
}

}  // namespace

class SoapFaultTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SoapFaultTest);
  CPPUNIT_TEST(everyCodeBecomesItsFault);
  CPPUNIT_TEST(textIsEscaped);
  CPPUNIT_TEST(engineErrorsMapToContractCodes);
  CPPUNIT_TEST(engineFaultGetsServiceplatformDetail);
  CPPUNIT_TEST_SUITE_END();

 public:
  void everyCodeBecomesItsFault() {
    for (ErrorCode code : kontaktdata::domain::kAllErrorCodes) {
      struct soap* ctx = soap_new1(SOAP_C_UTFSTRING);
      kontaktdata::soap::to_fault(ctx, Error(code, "Element: forklaring"));
      const std::string xml = sent_fault(ctx);
      const std::string name(kontaktdata::domain::to_string(code));
      const bool client = code != ErrorCode::MidlertidigFejl && code != ErrorCode::InternFejl;
      CPPUNIT_ASSERT_MESSAGE(name + ": " + xml, xml.find(client ? ">SOAP-ENV:Client</faultcode>"
                                                                : ">SOAP-ENV:Server</faultcode>") !=
                                                    std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(
          name, xml.find("<spf:ErrorCode>" + name + "</spf:ErrorCode>") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(name, xml.find("<spf:ErrorText>Element: forklaring</spf:ErrorText>") !=
                                       std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(
          name,
          xml.find(
              "xmlns:spf=\"http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/\"") !=
              std::string::npos);
      soap_destroy(ctx);
      soap_end(ctx);
      soap_free(ctx);
    }
  }

  void textIsEscaped() {
    const std::string xml =
        kontaktdata::soap::serviceplatform_fault_xml(ErrorCode::UgyldigVaerdi, "a<b & \"c\"");
    CPPUNIT_ASSERT(xml.find("<spf:ErrorText>a&lt;b &amp; &quot;c&quot;</spf:ErrorText>") !=
                   std::string::npos);
  }

  void engineErrorsMapToContractCodes() {
    using kontaktdata::soap::error_for_engine_status;
    for (int e : {SOAP_TAG_MISMATCH, SOAP_SYNTAX_ERROR, SOAP_LENGTH, SOAP_LEVEL, SOAP_OCCURS,
                  SOAP_TYPE, SOAP_NO_TAG, SOAP_NAMESPACE, SOAP_UTF_ERROR, SOAP_NO_METHOD,
                  SOAP_VERSIONMISMATCH, SOAP_EOM, SOAP_EMPTY, SOAP_REQUIRED}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(e), ErrorCode::UgyldigForespoergsel,
                                   error_for_engine_status(e).code());
    }
    CPPUNIT_ASSERT_EQUAL(ErrorCode::InternFejl, error_for_engine_status(SOAP_PLUGIN_ERROR).code());
    CPPUNIT_ASSERT_EQUAL(ErrorCode::InternFejl, error_for_engine_status(SOAP_SSL_ERROR).code());
  }

  void engineFaultGetsServiceplatformDetail() {
    struct soap* ctx = soap_new1(SOAP_C_UTFSTRING);
    kontaktdata::soap::install_fault_hook(ctx);
    ctx->error = SOAP_LENGTH;
    const std::string xml = sent_fault(ctx);
    CPPUNIT_ASSERT_MESSAGE(xml, xml.find(">SOAP-ENV:Client</faultcode>") != std::string::npos);
    CPPUNIT_ASSERT_MESSAGE(
        xml, xml.find("<spf:ErrorCode>UGYLDIG_FORESPOERGSEL</spf:ErrorCode>") != std::string::npos);
    soap_destroy(ctx);
    soap_end(ctx);
    soap_free(ctx);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SoapFaultTest);
