#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kontaktdata::store {

/// A minimal JSON writer for the documents the store hands to jsonb_to_recordset: arrays,
/// objects, strings (escaped per RFC 8259; UTF-8 passes through), integers, booleans and null.
/// Nesting and commas are tracked; the caller keeps keys and values paired.
class JsonWriter {
 public:
  /// Starts an array (as a value, or at the top).
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// Starts an object (as a value, or at the top).
  JsonWriter& begin_object();
  JsonWriter& end_object();
  /// The key of the next member of the current object.
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(std::int64_t n);
  JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
  JsonWriter& value(bool b);
  JsonWriter& null();
  /// A string, or null when absent.
  JsonWriter& value(const std::optional<std::string>& s) { return s ? value(*s) : null(); }
  /// A boolean, or null when absent.
  JsonWriter& value(const std::optional<bool>& b) { return b ? value(*b) : null(); }

  /// The document written so far.
  const std::string& str() const noexcept { return out_; }

  /// `s` as a JSON string literal, quotes included.
  static std::string quote(std::string_view s);

 private:
  void before_value();

  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

}  // namespace kontaktdata::store
