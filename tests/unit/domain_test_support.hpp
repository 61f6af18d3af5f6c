// Helpers shared by the domain's unit tests: asserting that a call throws the contract's error.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/error.hpp"

namespace kontaktdata::domain::test {

/// Runs `f`, which must throw Error with `code`; returns the error for checks on its text.
template <typename F>
Error expect_error(ErrorCode code, F&& f, const CppUnit::SourceLine& line) {
  try {
    f();
  } catch (const Error& e) {
    CppUnit::assertEquals(std::string(to_string(code)), std::string(to_string(e.code())), line,
                          "error code");
    return e;
  }
  CppUnit::Asserter::fail(
      CppUnit::Message("expected " + std::string(to_string(code)) + ", nothing thrown"), line);
}

/// The external text of an error.
inline std::string text(const Error& e) { return e.what(); }

}  // namespace kontaktdata::domain::test

/// Asserts that `expr` throws Error with ErrorCode::`code`; evaluates to the error.
#define EXPECT_ERROR(code, expr)             \
  ::kontaktdata::domain::test::expect_error( \
      ::kontaktdata::domain::ErrorCode::code, [&] { (void)(expr); }, CPPUNIT_SOURCELINE())
