// Oracle's public API includes the exact arithmetic and the checker's types (data sets, norms,
// certificates, documents), so that users and the other modules need one import.
@_exported import Checker
@_exported import Exact
