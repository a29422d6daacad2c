"""Fakes shared by the tests: a clock you step by hand, a speaker that records."""
