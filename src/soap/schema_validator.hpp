#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

namespace kontaktdata::soap {

/// Validates SOAP 1.1 request envelopes against the contract's XSDs with Xerces-C.
///
/// The envelope is checked by a small built-in schema (optional Header with any content, then a
/// Body holding exactly one element of the Kontaktdata namespace, processed strictly); that element
/// is validated fully against xsd/KontaktdataServiceMsg.xsd and the Serviceplatform context
/// schemas it imports. Grammars are loaded once (constructor) into a shared, locked grammar pool;
/// validate() is thread-safe (one SAX2 reader per thread, created lazily, using the cached grammars
/// only). Nothing is ever fetched: no DTD (a DOCTYPE is refused), no xsi:schemaLocation, no
/// external entity. Input must be UTF-8.
class SchemaValidator {
 public:
  /// Loads and compiles the schemas under `contract_dir`/xsd (the folder that holds wsdl/ and
  /// xsd/). Throws std::runtime_error with a clear message if an XSD is missing or does not
  /// compile.
  explicit SchemaValidator(const std::string& contract_dir);
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  /// nullopt when the request is a well-formed, valid SOAP 1.1 request envelope; else a short,
  /// external-safe reason such as "linje 3, kolonne 20: <Xerces message>". The reason names
  /// elements but never quotes element or attribute values (they may be CPR numbers).
  std::optional<std::string> validate(const char* data, std::size_t size) const;

 private:
  struct Shared;
  std::shared_ptr<Shared> shared_;
};

}  // namespace kontaktdata::soap
