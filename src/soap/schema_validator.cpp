// Xerces-C schema validation of every SOAP request body (gSOAP checks neither element order nor
// xs:pattern nor several other XSD rules). See TOOLCHAIN.md, "Xerces-C 3.2".
//
// Three Xerces 3.2.4 behaviours shape this file:
//  - A reader's GrammarResolver takes the pool's URI string pool when the reader is created, and
//    the pool hands out its synchronized (thread-safe) string pool only once it is locked: readers
//    must therefore be created after lockPool(), never before.
//  - A "locked" grammar is not read-only: Xerces builds parts of it on first use (the content
//    model and attribute list of a complex type, the character maps of the regular expressions of
//    xs:pattern facets, including the built-in ones of xsd:int and xsd:long), without a lock.
//    Two threads meeting a cold part race (helgrind shows it; a half-built character map can
//    reject a valid UUID). Each pool is therefore warmed up completely before it is shared.
//  - Nothing a reader interns is ever released: every distinct namespace URI of every document
//    goes into the shared pool's string pool, and every distinct prefix and undeclared element
//    name into the reader's own pools, for good. A client could grow the process without bound
//    with unique namespace URIs or names. Hence the budgets below: a reader that may have
//    interned too much is replaced, and when the documents have brought too many foreign
//    namespace URIs into the shared pool, the pool is rebuilt (from the schema texts read by the
//    constructor) and swapped in; threads move to the new pool at their next call.
#include "soap/schema_validator.hpp"

#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/sax2/SAX2XMLReader.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLException.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/util/regx/Token.hpp>
#include <xercesc/validators/common/Grammar.hpp>
#include <xercesc/validators/datatype/DatatypeValidator.hpp>
#include <xercesc/validators/datatype/DatatypeValidatorFactory.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/datatype/UnionDatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaAttDef.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>
#include <xercesc/validators/schema/XMLSchemaDescriptionImpl.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace kontaktdata::soap {
namespace {

namespace xc = XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

constexpr char16_t kSoapEnvelopeNs[] = u"http://schemas.xmlsoap.org/soap/envelope/";
constexpr char16_t kKontaktdataNs[] = u"http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/";
constexpr char16_t kXsiNs[] = u"http://www.w3.org/2001/XMLSchema-instance";
constexpr char16_t kXmlNs[] = u"http://www.w3.org/XML/1998/namespace";
constexpr char kMainSchema[] = "KontaktdataServiceMsg.xsd";

// Namespaces whose grammars must be in the pool once the contract has been loaded.
constexpr const char16_t* kRequiredNamespaces[] = {
    kSoapEnvelopeNs,
    kKontaktdataNs,
    u"http://serviceplatformen.dk/xml/schemas/CallContext/1/",
    u"http://serviceplatformen.dk/xml/schemas/AuthorityContext/1/",
    u"http://serviceplatformen.dk/xml/schemas/InvocationContext/1/",
};

// How many bytes of prefixes, namespace URIs and (in invalid documents) undeclared names a reader
// may have interned before it is replaced; creating a reader costs a few microseconds.
constexpr std::size_t kReaderInternBudget = std::size_t{1} << 20;
// How many bytes of namespace URIs outside the contract the documents may have brought into the
// shared pool before it is rebuilt (a rebuild costs a few milliseconds).
constexpr std::size_t kPoolForeignUriBudget = std::size_t{4} << 20;
// No DTD is ever read, so no entity can be declared; a small limit all the same.
constexpr XMLSize_t kEntityExpansionLimit = 16;
constexpr std::size_t kMaxReasonBytes = 400;

// SOAP 1.1 envelope: an optional Header with any content, then a Body holding exactly one element
// of the Kontaktdata namespace, validated strictly (it must be declared there). Header and Body
// are local, so only Envelope can be a document's root in this namespace. (Xerces 3.2.4 does not
// drop an xsi:type met in skipped Header content but applies it to the next element it validates,
// the Body: a request with xsi:type inside a header block is refused.)
constexpr char kEnvelopeSchema[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://schemas.xmlsoap.org/soap/envelope/"
           elementFormDefault="qualified">
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType>
            <xs:sequence>
              <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:anyAttribute namespace="##any" processContents="lax"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType>
            <xs:sequence>
              <xs:any namespace="http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/"
                      processContents="strict" minOccurs="1" maxOccurs="1"/>
            </xs:sequence>
            <xs:anyAttribute namespace="##any" processContents="lax"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:anyAttribute namespace="##any" processContents="lax"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
)";
constexpr char16_t kEnvelopeSchemaId[] = u"urn:kontaktdata:builtin:soap11-envelope.xsd";

// ---------------------------------------------------------------------------------------------
// Process-wide Xerces initialisation: once, on first use, undone at exit (both reference-counted
// by Xerces, so other users in the process are not disturbed).

class XercesProcess {
 public:
  XercesProcess() { xc::XMLPlatformUtils::Initialize(); }
  ~XercesProcess() { xc::XMLPlatformUtils::Terminate(); }
  XercesProcess(const XercesProcess&) = delete;
  XercesProcess& operator=(const XercesProcess&) = delete;
};

void ensure_xerces_initialized() { static XercesProcess process; }

// ---------------------------------------------------------------------------------------------
// Small helpers.

std::string utf8(const XMLCh* text) {
  if (text == nullptr || *text == 0) return {};
  xc::TranscodeToStr out(text, "UTF-8");
  return {reinterpret_cast<const char*>(out.str()), out.length()};
}

bool equals(const XMLCh* a, const char16_t* b) { return xc::XMLString::equals(a, b); }

bool ends_with(const XMLCh* text, std::u16string_view suffix) {
  const std::u16string_view t(text);
  return t.size() >= suffix.size() && t.substr(t.size() - suffix.size()) == suffix;
}

std::string position(std::uint64_t line, std::uint64_t column) {
  return "linje " + std::to_string(line) + ", kolonne " + std::to_string(column);
}

// Cuts `text` to at most kMaxReasonBytes, at a UTF-8 character boundary.
std::string capped(std::string text) {
  if (text.size() <= kMaxReasonBytes) return text;
  std::size_t cut = kMaxReasonBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

// ---------------------------------------------------------------------------------------------
// Pre-scan of the raw bytes: empty input, a DOCTYPE anywhere, and bad UTF-8 are refused before
// Xerces sees them (Xerces reports bad UTF-8 at the wrong place, and does not tell a DTD handler
// about a DOCTYPE without internal subset). The input is then parsed as UTF-8 whatever its XML
// declaration says, as gSOAP reads it, so the byte search for "<!DOCTYPE" cannot be dodged by
// another encoding.

// Line and column (1-based, columns in characters) of byte `offset`.
std::pair<std::uint64_t, std::uint64_t> line_and_column(std::string_view text, std::size_t offset) {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80 && c != '\r') {
      ++column;
    }
  }
  return {line, column};
}

// Offset of the first byte that is not part of well-formed UTF-8 (Unicode table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or npos.
std::size_t first_bad_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t length;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > n) return i;
    if (p[i + 1] < low || p[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::optional<std::string> prescan(std::string_view text) {
  if (text.empty()) return "tom forespørgsel";
  if (const auto at = text.find("<!DOCTYPE"); at != std::string_view::npos) {
    const auto [line, column] = line_and_column(text, at);
    return position(line, column) + ": DOCTYPE er ikke tilladt";
  }
  if (const auto at = first_bad_utf8(text); at != std::string_view::npos) {
    const auto [line, column] = line_and_column(text, at);
    return position(line, column) + ": ugyldig UTF-8 (kun UTF-8 accepteres)";
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Making Xerces messages external-safe. Xerces quotes the offending value in its datatype
// messages ("value '<the value>' has length '11' ..."); the value may be a CPR number. A message
// is kept as it is only if every quoted part is a name (element, attribute, tag, prefix, type) or
// a content model, by the words before it and by its form. Otherwise everything from the first
// quote to the last one is replaced by '...', keeping the known, value-free tail of the datatype
// messages (facet values and lengths come from the schema, not from the document).

bool is_name_char(char c, bool first) {
  const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
  return letter || (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

bool is_ncname(std::string_view t) {
  if (t.empty() || !is_name_char(t.front(), true)) return false;
  return std::all_of(t.begin() + 1, t.end(), [](char c) { return is_name_char(c, false); });
}

bool is_qname(std::string_view t) {
  const auto colon = t.find(':');
  if (colon == std::string_view::npos) return is_ncname(t);
  return is_ncname(t.substr(0, colon)) && is_ncname(t.substr(colon + 1));
}

// "{namespace}local", as Xerces names an undeclared attribute of an undeclared element.
bool is_clark_name(std::string_view t) {
  if (t.size() < 3 || t.front() != '{') return false;
  const auto close = t.find('}');
  return close != std::string_view::npos && is_ncname(t.substr(close + 1));
}

bool is_content_model(std::string_view t) {
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return false;
  return std::all_of(t.begin(), t.end(), [](char c) {
    return is_name_char(c, false) || std::strchr(":(),|?*+ ", c) != nullptr;
  });
}

// A namespace name as Xerces quotes it ("grammar not found for namespace ''"): markup, not a value.
bool is_namespace_uri(std::string_view t) {
  return std::none_of(t.begin(), t.end(),
                      [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
}

bool is_name_context(std::string_view before) {
  static constexpr std::string_view kContexts[] = {
      "element ", "attribute ", "content model ", "tag ",       "last tag started is ",
      "prefix ",  "type ",      "entity ",        "namespace ",
  };
  return std::any_of(std::begin(kContexts), std::end(kContexts), [&](std::string_view ctx) {
    return before.size() >= ctx.size() && before.substr(before.size() - ctx.size()) == ctx;
  });
}

// True if every quoted part of `message` is a name in a name context.
bool only_names_quoted(std::string_view message) {
  std::size_t segment_start = 0;
  while (true) {
    const auto open = message.find('\'', segment_start);
    if (open == std::string_view::npos) return true;
    const auto close = message.find('\'', open + 1);
    if (close == std::string_view::npos) return false;
    const auto before = message.substr(segment_start, open - segment_start);
    const auto token = message.substr(open + 1, close - open - 1);
    const bool name = is_qname(token) || is_clark_name(token) || is_content_model(token) ||
                      (before.ends_with("namespace ") && is_namespace_uri(token));
    if (!is_name_context(before) || !name) return false;
    segment_start = close + 1;
  }
}

// Value-free tails of Xerces' datatype messages, anchored at the end; their quoted parameters
// cannot contain a quote, so each matches only the message's real tail.
const std::vector<std::regex>& value_message_tails() {
  static const std::vector<std::regex> kTails = [] {
    const char* patterns[] = {
        R"(' has length '\d+' which )"
        R"((exceeds maxLength|is less than minLength|is not equal to length) facet value '\d+'$)",
        R"(' does not match regular expression facet '[^']*'$)",
        R"(' must be (less than or equal to maxInclusive|less than maxExclusive|)"
        R"(greater than or equal to minInclusive|greater than or equal to minExclusive))"
        R"( facet value '[^']*'$)",
        R"(' has '\d+' (total|fraction) digits which exceeds )"
        R"((totalDigits|fractionDigits) facet value '\d+'$)",
        R"(' not in enumeration$)",
        R"(' is invalid [A-Za-z0-9-]+( binary)?$)",
        R"(' does not match any member types of the union$)",
        R"(' is not whitespace (replaced|collapsed)$)",
        R"(' must be between \d+ and \d+$)",
        R"(' is not a valid digit for the specified radix$)",
    };
    std::vector<std::regex> compiled;
    for (const char* pattern : patterns) {
      compiled.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
    }
    return compiled;
  }();
  return kTails;
}

struct Sanitized {
  std::string text;
  bool value_error = false;  // a datatype message about an element's value (reported at its end)
};

Sanitized sanitize(const std::string& message) {
  if (only_names_quoted(message)) return {message, false};
  // The one datatype message with a quote of its own before the value.
  static constexpr std::string_view kTHead = "missing 'T' separator in dateTime value ";
  std::size_t first = message.find('\'');
  if (message.compare(0, kTHead.size(), kTHead) == 0) first = kTHead.size();
  const std::string head = message.substr(0, first);
  std::string tail;
  for (const std::regex& pattern : value_message_tails()) {
    std::smatch match;
    if (std::regex_search(message.cbegin() + static_cast<std::ptrdiff_t>(first) + 1, message.cend(),
                          match, pattern)) {
      tail = match.str(0).substr(1);
      break;
    }
  }
  const bool value_error = !tail.empty() || head.ends_with("value ");
  if (tail.empty()) tail = message.substr(message.rfind('\'') + 1);
  return {head + "'...'" + tail, value_error};
}

// ---------------------------------------------------------------------------------------------
// The contract's schema texts. Read from disk by the first build (the constructor), only from
// inside the xsd folder; later rebuilds use the texts in memory.

class SchemaSources {
 public:
  explicit SchemaSources(const fs::path& xsd_dir) : dir_(fs::weakly_canonical(xsd_dir)) {}

  const fs::path& dir() const { return dir_; }

  // The text of the schema at `path` (absolute), or nullptr if it is outside the xsd folder, or
  // missing, or (after the first build) not read before.
  const std::string* get(const fs::path& path) {
    std::error_code error;
    const fs::path normal = fs::weakly_canonical(path, error);
    if (error) return nullptr;
    if (std::mismatch(dir_.begin(), dir_.end(), normal.begin(), normal.end()).first != dir_.end()) {
      return nullptr;
    }
    const std::string key = normal.string();
    if (const auto it = texts_.find(key); it != texts_.end()) return &it->second;
    if (!disk_allowed_ || !fs::is_regular_file(normal, error)) return nullptr;
    std::ifstream in(normal, std::ios::binary);
    if (!in) return nullptr;
    std::ostringstream text;
    text << in.rdbuf();
    return &texts_.emplace(key, text.str()).first->second;
  }

  void close_disk() { disk_allowed_ = false; }

 private:
  fs::path dir_;
  std::map<std::string, std::string> texts_;
  bool disk_allowed_ = true;
};

// Serves the schema loader the included and imported XSDs from SchemaSources; nothing else.
class SchemaResolver : public xc::XMLEntityResolver {
 public:
  explicit SchemaResolver(SchemaSources& sources) : sources_(sources) {}

  xc::InputSource* resolveEntity(xc::XMLResourceIdentifier* resource) override {
    using Type = xc::XMLResourceIdentifier::ResourceIdentifierType;
    const Type type = resource->getResourceIdentifierType();
    const std::string location = utf8(resource->getSystemId());
    if (type != Type::SchemaImport && type != Type::SchemaInclude && type != Type::SchemaGrammar) {
      refuse("reference refused: " + location);
      return nullptr;
    }
    if (location.empty() || location.find("://") != std::string::npos) {
      refuse("schema location outside the contract refused: " + location);
      return nullptr;
    }
    std::string base = utf8(resource->getBaseURI());
    if (base.rfind("file://", 0) == 0) base.erase(0, 7);
    const fs::path path = fs::path(location).is_absolute()
                              ? fs::path(location)
                              : fs::path(base).parent_path() / location;
    const std::string* text = sources_.get(path);
    if (text == nullptr) {
      refuse("contract XSD missing or outside " + sources_.dir().string() + ": " +
             path.lexically_normal().string());
      return nullptr;
    }
    std::error_code error;
    const std::u16string id = fs::weakly_canonical(path, error).u16string();
    return new xc::MemBufInputSource(reinterpret_cast<const XMLByte*>(text->data()), text->size(),
                                     reinterpret_cast<const XMLCh*>(id.c_str()));
  }

  const std::string& problem() const { return problem_; }

 private:
  void refuse(std::string why) {
    if (problem_.empty()) problem_ = std::move(why);
  }

  SchemaSources& sources_;
  std::string problem_;
};

// Collects the first error of a schema compilation (Xerces reports them, it does not throw).
class LoadErrorHandler : public xc::ErrorHandler {
 public:
  void warning(const xc::SAXParseException& e) override {
    if (warning_.empty()) warning_ = describe(e);
  }
  void error(const xc::SAXParseException& e) override {
    if (error_.empty()) error_ = describe(e);
  }
  void fatalError(const xc::SAXParseException& e) override { error(e); }
  void resetErrors() override {
    error_.clear();
    warning_.clear();
  }

  const std::string& error() const { return error_; }
  const std::string& warning() const { return warning_; }

 private:
  static std::string describe(const xc::SAXParseException& e) {
    return utf8(e.getSystemId()) + ":" + std::to_string(e.getLineNumber()) + ":" +
           std::to_string(e.getColumnNumber()) + ": " + utf8(e.getMessage());
  }

  std::string error_;
  std::string warning_;
};

// ---------------------------------------------------------------------------------------------
// One generation of compiled grammars: a locked pool, shared by the readers of all threads.

struct Generation {
  std::uint64_t number = 0;
  // The readers that use the pool (and security) hold this generation alive.
  std::unique_ptr<xc::XMLGrammarPool> pool;
  xc::SecurityManager security;
  std::vector<std::u16string> known_namespaces;
  // Bytes of namespace URIs outside known_namespaces that documents may have interned in pool.
  std::atomic<std::size_t> foreign_uri_bytes{0};
  std::atomic<bool> rebuild_claimed{false};

  Generation() { security.setEntityExpansionLimit(kEntityExpansionLimit); }
  Generation(const Generation&) = delete;
  Generation& operator=(const Generation&) = delete;

  bool known(const XMLCh* uri) const {
    return std::any_of(known_namespaces.begin(), known_namespaces.end(),
                       [uri](const std::u16string& k) { return equals(uri, k.c_str()); });
  }
};

// Builds, single-threaded, everything Xerces would otherwise build lazily inside the shared
// grammars during validation (see the top of the file).

// DatatypeValidator keeps its regular expression protected, and RegularExpression its token tree;
// a pointer to member formed through a derived class reaches them legally.
struct RegexTokens : xc::RegularExpression {
  static xc::Token* tree(const xc::RegularExpression& regex) {
    return regex.*(&RegexTokens::fTokenTree);
  }
};

struct DatatypeRegex : xc::DatatypeValidator {
  static xc::RegularExpression* of(const xc::DatatypeValidator& datatype) {
    return (datatype.*(&DatatypeRegex::getRegex))();
  }
};

void warm_tokens(xc::Token* token, int depth) {
  if (token == nullptr || depth > 256) return;
  const auto type = token->getTokenType();
  if (type == xc::Token::T_RANGE || type == xc::Token::T_NRANGE) {
    static_cast<xc::RangeToken*>(token)->createMap();
  }
  for (XMLSize_t i = 0; i < token->size(); ++i) warm_tokens(token->getChild(i), depth + 1);
}

void warm_datatype(xc::DatatypeValidator* datatype, int depth) {
  for (; datatype != nullptr && depth < 64; datatype = datatype->getBaseValidator(), ++depth) {
    if (const xc::RegularExpression* regex = DatatypeRegex::of(*datatype)) {
      warm_tokens(RegexTokens::tree(*regex), 0);
    }
    if (datatype->getType() == xc::DatatypeValidator::Union) {
      if (auto* members =
              static_cast<xc::UnionDatatypeValidator*>(datatype)->getMemberTypeValidators()) {
        for (XMLSize_t i = 0; i < members->size(); ++i) {
          warm_datatype(members->elementAt(i), depth + 1);
        }
      }
    } else if (datatype->getType() == xc::DatatypeValidator::List) {
      warm_datatype(static_cast<xc::ListDatatypeValidator*>(datatype)->getItemTypeDTV(), depth + 1);
    }
  }
}

void warm_complex_type(xc::ComplexTypeInfo* type) {
  if (type == nullptr) return;
  type->getContentModel();
  type->getFormattedContentModel();
  xc::XMLAttDefList& attributes = type->getAttDefList();
  for (XMLSize_t i = 0; i < attributes.getAttDefCount(); ++i) {
    warm_datatype(static_cast<xc::SchemaAttDef&>(attributes.getAttDef(i)).getDatatypeValidator(),
                  0);
  }
  warm_datatype(type->getDatatypeValidator(), 0);
}

void warm_up(xc::XMLGrammarPool& pool) {
  auto grammars = pool.getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    xc::Grammar& grammar = grammars.nextElement();
    if (grammar.getGrammarType() != xc::Grammar::SchemaGrammarType) continue;
    auto& schema = static_cast<xc::SchemaGrammar&>(grammar);
    auto elements = schema.getElemEnumerator();
    while (elements.hasMoreElements()) {
      xc::SchemaElementDecl& element = elements.nextElement();
      warm_complex_type(element.getComplexTypeInfo());
      warm_datatype(element.getDatatypeValidator(), 0);
    }
    if (auto* types = schema.getComplexTypeRegistry()) {
      xc::RefHashTableOfEnumerator<xc::ComplexTypeInfo> each(types, false);
      while (each.hasMoreElements()) warm_complex_type(&each.nextElement());
    }
    if (auto* attributes = schema.getAttributeDeclRegistry()) {
      xc::RefHashTableOfEnumerator<xc::XMLAttDef> each(attributes, false);
      while (each.hasMoreElements()) {
        warm_datatype(static_cast<xc::SchemaAttDef&>(each.nextElement()).getDatatypeValidator(), 0);
      }
    }
    if (auto* datatypes = schema.getDatatypeRegistry()->getUserDefinedRegistry()) {
      xc::RefHashTableOfEnumerator<xc::DatatypeValidator> each(datatypes, false);
      while (each.hasMoreElements()) warm_datatype(&each.nextElement(), 0);
    }
  }
}

void set_common_features(xc::SAX2XMLReader& reader, xc::SecurityManager& security) {
  reader.setFeature(xc::XMLUni::fgSAX2CoreNameSpaces, true);
  reader.setFeature(xc::XMLUni::fgXercesSchema, true);
  reader.setFeature(xc::XMLUni::fgXercesLoadExternalDTD, false);
  reader.setFeature(xc::XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader.setProperty(xc::XMLUni::fgXercesSecurityManager, &security);
}

std::shared_ptr<Generation> build_generation(SchemaSources& sources, std::uint64_t number) {
  // One build at a time in the process: the warm-up also builds parts of Xerces' process-wide
  // built-in datatypes (the regular expression of xsd:integer and its kin).
  static std::mutex build_mutex;
  std::lock_guard build_lock(build_mutex);
  auto generation = std::make_shared<Generation>();
  generation->number = number;
  generation->pool =
      std::make_unique<xc::XMLGrammarPoolImpl>(xc::XMLPlatformUtils::fgMemoryManager);

  const fs::path main_path = sources.dir() / kMainSchema;
  const std::string* main_text = sources.get(main_path);
  if (main_text == nullptr) {
    throw std::runtime_error("SchemaValidator: contract XSD missing: " + main_path.string());
  }
  {
    LoadErrorHandler errors;
    SchemaResolver resolver(sources);
    auto loader = std::make_unique<xc::SAX2XMLReaderImpl>(xc::XMLPlatformUtils::fgMemoryManager,
                                                          generation->pool.get());
    set_common_features(*loader, generation->security);
    loader->setFeature(xc::XMLUni::fgXercesSchemaFullChecking, true);
    loader->setFeature(xc::XMLUni::fgXercesHandleMultipleImports, true);
    loader->setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, true);
    loader->setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
    loader->setErrorHandler(&errors);
    loader->setXMLEntityResolver(&resolver);

    const auto load = [&](const std::string& text, const XMLCh* id, const std::string& what) {
      xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(text.data()), text.size(), id);
      xc::Grammar* grammar = nullptr;
      try {
        grammar = loader->loadGrammar(source, xc::Grammar::SchemaGrammarType, true);
      } catch (const xc::XMLException& e) {
        throw std::runtime_error("SchemaValidator: " + what +
                                 " does not load: " + utf8(e.getMessage()));
      } catch (const xc::SAXException& e) {
        throw std::runtime_error("SchemaValidator: " + what +
                                 " does not load: " + utf8(e.getMessage()));
      }
      if (!resolver.problem().empty()) {
        throw std::runtime_error("SchemaValidator: " + what +
                                 " does not compile: " + resolver.problem());
      }
      if (grammar == nullptr || !errors.error().empty()) {
        throw std::runtime_error("SchemaValidator: " + what + " does not compile: " +
                                 (errors.error().empty() ? errors.warning() : errors.error()));
      }
    };
    load(kEnvelopeSchema, kEnvelopeSchemaId, "built-in SOAP 1.1 envelope schema");
    const std::u16string main_id = fs::weakly_canonical(main_path).u16string();
    load(*main_text, reinterpret_cast<const XMLCh*>(main_id.c_str()), main_path.string());
  }

  for (const char16_t* ns : kRequiredNamespaces) {
    std::unique_ptr<xc::XMLSchemaDescription> description(
        generation->pool->createSchemaDescription(ns));
    if (generation->pool->retrieveGrammar(description.get()) == nullptr) {
      throw std::runtime_error("SchemaValidator: no grammar for namespace " + utf8(ns) +
                               " after loading " + main_path.string());
    }
  }
  auto grammars = generation->pool->getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    const XMLCh* ns = grammars.nextElement().getTargetNamespace();
    if (ns != nullptr) generation->known_namespaces.emplace_back(ns);
  }
  generation->known_namespaces.emplace_back(kXsiNs);
  generation->known_namespaces.emplace_back(kXmlNs);
  warm_up(*generation->pool);
  // From here on the pool hands out its synchronized string pool: readers are created only after
  // this.
  generation->pool->lockPool();
  return generation;
}

// ---------------------------------------------------------------------------------------------
// The reader of one thread for one generation, and the handler that watches its parse.

struct StopParse {};

class ThreadReader final : public xc::DefaultHandler, public xc::XMLEntityResolver {
 public:
  explicit ThreadReader(std::shared_ptr<Generation> generation)
      : generation_(std::move(generation)),
        reader_(std::make_unique<xc::SAX2XMLReaderImpl>(xc::XMLPlatformUtils::fgMemoryManager,
                                                        generation_->pool.get())) {
    xc::SAX2XMLReaderImpl& r = *reader_;
    set_common_features(r, generation_->security);
    r.setFeature(xc::XMLUni::fgSAX2CoreNameSpacePrefixes, false);
    r.setFeature(xc::XMLUni::fgSAX2CoreValidation, true);
    r.setFeature(xc::XMLUni::fgXercesDynamic, false);  // validate always, not only with a grammar
    r.setFeature(xc::XMLUni::fgXercesSchemaFullChecking, false);
    r.setFeature(xc::XMLUni::fgXercesUseCachedGrammarInParse, true);
    r.setFeature(xc::XMLUni::fgXercesCacheGrammarFromParse, false);
    r.setFeature(xc::XMLUni::fgXercesLoadSchema, false);  // ignore xsi:schemaLocation
    r.setFeature(xc::XMLUni::fgXercesSkipDTDValidation, true);
    r.setFeature(xc::XMLUni::fgXercesIdentityConstraintChecking, true);
    r.setFeature(xc::XMLUni::fgXercesValidationErrorAsFatal, true);  // stop at the first error
    r.setFeature(xc::XMLUni::fgXercesContinueAfterFatalError, false);
    // The schema-only scanner: it never reads a DTD (it skips a DOCTYPE and knows no entity
    // declarations), and its messages are clearer ("element 'Part' must be qualified").
    r.setProperty(xc::XMLUni::fgXercesScannerName, const_cast<XMLCh*>(xc::XMLUni::fgSGXMLScanner));
    r.setContentHandler(this);
    r.setErrorHandler(this);
    r.setLexicalHandler(this);
    r.setEntityResolver(this);
    r.setXMLEntityResolver(this);
  }
  ThreadReader(const ThreadReader&) = delete;
  ThreadReader& operator=(const ThreadReader&) = delete;

  const std::shared_ptr<Generation>& generation() const { return generation_; }
  bool worn_out() const { return interned_bytes_ > kReaderInternBudget; }

  std::optional<std::string> run(const char* data, std::size_t size) {
    reason_.reset();
    depth_ = 0;
    in_body_ = false;
    locator_ = nullptr;
    std::size_t mapping_bytes = 0;
    mapping_bytes_ = &mapping_bytes;
    std::size_t foreign_bytes = 0;
    foreign_bytes_ = &foreign_bytes;

    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(data), size, u"request");
    source.setEncoding(u"UTF-8");
    try {
      reader_->parse(source);
    } catch (const StopParse&) {
      // reason_ is set.
    } catch (const xc::OutOfMemoryException&) {
      fail_plain("forespørgslen er for stor til at blive valideret");
      interned_bytes_ = kReaderInternBudget + 1;  // a reader that ran out of memory is not reused
    } catch (const xc::XMLException&) {
      fail_plain("forespørgslen kunne ikke læses");
    } catch (const xc::SAXException&) {
      fail_plain("forespørgslen kunne ikke læses");
    }
    if (depth_ != 0 && !reason_) fail_plain("forespørgslen er ufuldstændig");

    // What this parse may have interned for good (see the top of the file).
    interned_bytes_ += mapping_bytes;
    if (reason_) interned_bytes_ += size;  // an undeclared name may be anywhere in it
    if (foreign_bytes != 0) generation_->foreign_uri_bytes.fetch_add(foreign_bytes);
    mapping_bytes_ = nullptr;
    foreign_bytes_ = nullptr;
    return std::move(reason_);
  }

  // ContentHandler.
  void setDocumentLocator(const xc::Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const localname, const XMLCh* const qname,
                    const xc::Attributes& /*attributes*/) override {
    if (depth_ == 0) {
      if (!equals(uri, kSoapEnvelopeNs) || !equals(localname, u"Envelope")) {
        fail_here("rodelementet skal være Envelope i SOAP 1.1-navnerummet " +
                  utf8(kSoapEnvelopeNs));
      }
    } else if (depth_ == 1) {
      in_body_ = equals(uri, kSoapEnvelopeNs) && equals(localname, u"Body");
    } else if (depth_ == 2 && in_body_ && !ends_with(localname, u"Request")) {
      fail_here("element '" + utf8(qname) + "' er ikke en forespørgsel");
    }
    if (depth_ == stack_.size()) stack_.emplace_back();
    stack_[depth_].assign(qname);
    ++depth_;
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (depth_ > 0) --depth_;
  }

  void startPrefixMapping(const XMLCh* const prefix, const XMLCh* const uri) override {
    const std::size_t uri_length = xc::XMLString::stringLen(uri);
    if (mapping_bytes_ != nullptr) {
      *mapping_bytes_ += 2 * (xc::XMLString::stringLen(prefix) + uri_length) + 32;
    }
    if (foreign_bytes_ != nullptr && !generation_->known(uri)) {
      *foreign_bytes_ += 2 * uri_length + 32;
    }
  }

  // ErrorHandler: schema errors and fatal errors alike make the request invalid.
  void warning(const xc::SAXParseException&) override {}
  void error(const xc::SAXParseException& e) override { fail_xerces(e); }
  void fatalError(const xc::SAXParseException& e) override { fail_xerces(e); }

  // LexicalHandler: the pre-scan refuses a DOCTYPE; should a scanner ever report one, so do we.
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    fail_here("DOCTYPE er ikke tilladt");
  }

  // Entity resolution: nothing is ever fetched.
  xc::InputSource* resolveEntity(const XMLCh* const, const XMLCh* const) override {
    refuse_entity();
  }
  xc::InputSource* resolveEntity(xc::XMLResourceIdentifier*) override { refuse_entity(); }

 private:
  [[noreturn]] void refuse_entity() { fail_here("eksterne referencer er ikke tilladt"); }

  void fail_plain(std::string why) {
    if (!reason_) reason_ = capped(std::move(why));
  }

  [[noreturn]] void fail_here(const std::string& why) {
    if (locator_ != nullptr) {
      fail_plain(position(locator_->getLineNumber(), locator_->getColumnNumber()) + ": " + why);
    } else {
      fail_plain(why);
    }
    throw StopParse{};
  }

  void fail_xerces(const xc::SAXParseException& e) {
    if (reason_) return;
    Sanitized message = sanitize(utf8(e.getMessage()));
    if (message.value_error && depth_ > 0) {
      message.text += " (element '" + utf8(stack_[depth_ - 1].c_str()) + "')";
    }
    fail_plain(position(e.getLineNumber(), e.getColumnNumber()) + ": " + message.text);
  }

  std::shared_ptr<Generation> generation_;  // declared first: outlives reader_
  std::unique_ptr<xc::SAX2XMLReaderImpl> reader_;
  std::optional<std::string> reason_;
  const xc::Locator* locator_ = nullptr;
  std::vector<std::u16string> stack_;  // open elements' qualified names; reused between parses
  std::size_t depth_ = 0;
  bool in_body_ = false;
  std::size_t interned_bytes_ = 0;
  std::size_t* mapping_bytes_ = nullptr;
  std::size_t* foreign_bytes_ = nullptr;
};

// This thread's readers, one per live validator.
struct ThreadEntry {
  std::uint64_t validator_id = 0;
  std::weak_ptr<void> validator_alive;
  std::unique_ptr<ThreadReader> reader;
};

// Whether this thread's t_readers exists: the destructor of a validator that outlives it (a static
// one, destroyed after the thread-local objects of the main thread) must not touch it.
thread_local bool t_readers_live = false;

struct ThreadReaders {
  ThreadReaders() { t_readers_live = true; }
  ~ThreadReaders() { t_readers_live = false; }
  ThreadReaders(const ThreadReaders&) = delete;
  ThreadReaders& operator=(const ThreadReaders&) = delete;

  std::vector<ThreadEntry> entries;
};

thread_local ThreadReaders t_readers;

std::atomic<std::uint64_t> g_next_validator_id{1};

}  // namespace

// ---------------------------------------------------------------------------------------------

struct SchemaValidator::Shared {
  explicit Shared(const fs::path& xsd_dir) : sources(xsd_dir) {}

  std::uint64_t id = g_next_validator_id.fetch_add(1);
  std::mutex rebuild_mutex;  // guards sources and the building of a generation
  SchemaSources sources;
  std::mutex current_mutex;  // guards current
  std::shared_ptr<Generation> current;
  std::atomic<std::uint64_t> current_number{0};

  std::shared_ptr<Generation> current_generation() {
    std::lock_guard lock(current_mutex);
    return current;
  }

  // Rebuilds the pool if documents have brought too many foreign namespace URIs into `used`.
  void maybe_rebuild(Generation& used) {
    if (used.foreign_uri_bytes.load(std::memory_order_relaxed) <= kPoolForeignUriBudget) return;
    if (used.number != current_number.load(std::memory_order_acquire)) return;
    if (used.rebuild_claimed.exchange(true)) return;
    std::shared_ptr<Generation> fresh;
    try {
      std::lock_guard lock(rebuild_mutex);
      fresh = build_generation(sources, used.number + 1);
    } catch (...) {
      return;  // the texts compiled before, so only out of memory; keep the current pool
    }
    std::lock_guard lock(current_mutex);
    current = std::move(fresh);
    current_number.store(used.number + 1, std::memory_order_release);
  }
};

SchemaValidator::SchemaValidator(const std::string& contract_dir) {
  ensure_xerces_initialized();
  const fs::path xsd_dir = fs::path(contract_dir) / "xsd";
  if (!fs::is_directory(xsd_dir)) {
    throw std::runtime_error("SchemaValidator: contract XSD folder missing: " + xsd_dir.string());
  }
  auto shared = std::make_shared<Shared>(xsd_dir);
  try {
    std::lock_guard lock(shared->rebuild_mutex);
    shared->current = build_generation(shared->sources, 1);
    shared->sources.close_disk();
  } catch (const xc::XMLException& e) {
    throw std::runtime_error("SchemaValidator: loading the XSDs failed: " + utf8(e.getMessage()));
  } catch (const xc::OutOfMemoryException&) {
    throw std::runtime_error("SchemaValidator: out of memory while loading the XSDs");
  }
  shared->current_number.store(1, std::memory_order_release);
  shared_ = std::move(shared);
}

SchemaValidator::~SchemaValidator() {
  // This thread's reader goes now; other threads drop theirs at their next call or at their end
  // (each keeps its generation, and so the grammar pool, alive until then).
  if (!t_readers_live) return;
  const std::uint64_t id = shared_->id;
  std::erase_if(t_readers.entries, [id](const ThreadEntry& e) { return e.validator_id == id; });
}

std::optional<std::string> SchemaValidator::validate(const char* data, std::size_t size) const {
  if (data == nullptr) size = 0;
  if (auto refused = prescan(std::string_view(data == nullptr ? "" : data, size))) return refused;

  ThreadEntry* entry = nullptr;
  std::vector<ThreadEntry>& entries = t_readers.entries;
  for (ThreadEntry& e : entries) {
    if (e.validator_id == shared_->id) entry = &e;
  }
  if (entry == nullptr) {
    std::erase_if(entries, [](const ThreadEntry& e) { return e.validator_alive.expired(); });
    entry = &entries.emplace_back();
    entry->validator_id = shared_->id;
    entry->validator_alive = shared_;
  }
  if (!entry->reader || entry->reader->generation()->number !=
                            shared_->current_number.load(std::memory_order_acquire)) {
    entry->reader.reset();  // before its generation may go
    entry->reader = std::make_unique<ThreadReader>(shared_->current_generation());
  } else if (entry->reader->worn_out()) {
    auto generation = entry->reader->generation();
    entry->reader.reset();
    entry->reader = std::make_unique<ThreadReader>(std::move(generation));
  }

  ThreadReader& reader = *entry->reader;
  std::optional<std::string> reason = reader.run(data, size);
  shared_->maybe_rebuild(*reader.generation());
  return reason;
}

}  // namespace kontaktdata::soap
