//===-- CallGraph.h - Which functions may block, and through what ---------===//
//
// The call graph of a translation unit as coro-blocking-indirect sees it,
// and each function's summary: whether it may block, and one shortest chain
// of calls down to a blocking fact. The facts at the bottom of chains are
// calls to catalog functions, calls to functions declared blocking by an
// attribute, and destructors known to wait (std::jthread joins its thread).
//
// Edges are calls written in the source (constructors and operators
// included) and destructors that run without a written call (a local at the
// end of its scope, a temporary, a delete-expression, and the members,
// bases and container elements those destroy). A call to a coroutine is not
// an edge (it only creates the coroutine, whose body is a context of its
// own), nor is a call to a function marked non-blocking, a call through a
// function pointer, or a virtual call whose target is not known.
//
// Summaries are computed bottom-up, as a shortest-path search from the
// blocking facts over the reversed graph, so recursion terminates and each
// chain is a shortest one. Functions defined in other translation units
// enter through ExternalFacts (the project index, Index.h), keyed by USR.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "Analysis.h"
#include "Common.h"
#include "Guards.h"

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <string>
#include <vector>

namespace unblock {

/// How a chain goes from one function to the next.
enum class StepKind : uint8_t {
  Call,      // a call written in the source
  ScopeExit, // a local variable destroyed at the end of its scope
  Temporary, // a temporary destroyed at the end of its full-expression
  Delete,    // a delete-expression
  Member,    // destroying an object destroys its members
  Base,      // ... and its bases
  Element,   // destroying a standard container destroys its elements
};

/// The blocking fact at the bottom of a chain.
enum class LeafKind : uint8_t {
  None,
  Catalog,      // a call to a catalog function ('usleep')
  Declared,     // a call to a function declared blocking
  JoiningType,  // destroying an object that waits (a 'std::jthread')
  AsyncFuture,  // destroying the std::future of std::async
};

/// The names of step and leaf kinds in summary files ("call", "catalog").
llvm::StringRef stepKindName(StepKind K);
llvm::StringRef leafKindName(LeafKind K);
bool parseStepKind(llvm::StringRef S, StepKind &K);
bool parseLeafKind(llvm::StringRef S, LeafKind &K);

/// What a node of the graph is.
enum class NodeKind : uint8_t {
  Function,   // a function (or lambda) defined in this translation unit
  Destructor, // destroying an object of a class (its destructor's body,
              // then its members and bases)
  External,   // a function defined in another translation unit
};

/// A position that reads the same from every translation unit.
struct Position {
  std::string File; // absolute
  unsigned Line = 0, Col = 0;
  bool valid() const { return !File.empty() && Line; }
};

/// One note of a chain.
struct ChainNote {
  clang::SourceLocation Loc; // in this translation unit, when valid
  Position Pos;              // otherwise: a place in another one
  std::string Text;
};

/// What a report says about one site that may block.
struct Chain {
  /// Functions between the site and the blocking fact (1: the callee
  /// itself blocks).
  unsigned Depth = 0;
  /// The blocking fact, as the end of "it ..." ("calls 'usleep'").
  std::string Leaf;
  /// The target is itself the blocking fact (destroying a 'std::jthread').
  bool TargetIsLeaf = false;
  std::string TargetLeafText;
  std::vector<ChainNote> Notes;
  /// Part of the chain comes from another translation unit's summary.
  bool CrossesTU = false;
};

/// What other translation units know about the functions they define (the
/// project index implements it: Index.h).
class ExternalFacts {
public:
  virtual ~ExternalFacts() = default;
  /// The length of the shortest chain of a function defined elsewhere; 0
  /// when it does not block or is unknown.
  virtual unsigned depthOf(llvm::StringRef USR) const = 0;
  /// Appends the chain of \p USR (its notes and leaf) to \p C.
  virtual void appendChain(llvm::StringRef USR, Chain &C) const = 0;
};

/// The call graph of one translation unit and the summaries of its
/// functions.
class CallGraph {
public:
  using NodeId = int;
  static constexpr NodeId None = -1;

  struct Step {
    StepKind Kind = StepKind::Call;
    LeafKind Leaf = LeafKind::None;
    NodeId Target = None; // the next node, when Leaf is None
    clang::SourceLocation Loc;
    /// The variable, member or base named by the step, or the leaf's name
    /// ('usleep', 'std::jthread').
    std::string What;
    Category Cat = Category::Sync;
    /// For a Declared leaf: where the attribute is.
    clang::SourceLocation DeclLoc;
    /// A member call on a parameter of the function: its index (-1: not).
    int ObjectParam = -1;
    /// For a call: per parameter of the callee, the parameter of this
    /// function whose value it is given (`f(std::move(r))`), or -1.
    llvm::SmallVector<int, 2> ArgParams;
  };

  struct Node {
    NodeKind Kind = NodeKind::Function;
    const FunctionInfo *Info = nullptr;        // the body, if defined here
    const clang::FunctionDecl *Decl = nullptr; // the function or destructor
    const clang::CXXRecordDecl *Record = nullptr; // for a Destructor
    /// The body is known here (false: defined in another translation
    /// unit, whose summary may add to it).
    bool Complete = true;
    /// A fact of the library (std::jthread, containers): it is not
    /// followed as the user's code.
    bool Library = false;
    std::vector<Step> Steps;
    bool IsLambda = false;
    /// A Destructor node for an object whose destructor's body does nothing
    /// at this site (its guard is settled): only members and bases.
    bool MembersOnly = false;
  };

  /// The outcome of the search for one setting.
  struct Result {
    /// Per node: the length of its shortest chain, 0 when it does not block.
    std::vector<unsigned> Depth;
    /// Per node: the step its chain takes; External when the rest of the
    /// chain comes from another translation unit's summary.
    std::vector<int> Witness;
    static constexpr int External = -2;
  };

  /// Builds the graph of \p A. With \p TrackExternal, calls to functions
  /// defined elsewhere become External nodes (needed to write or read
  /// summary files).
  CallGraph(const Analysis &A, bool TrackExternal);

  const Analysis &analysis() const { return A; }
  llvm::ArrayRef<Node> nodes() const { return Nodes; }
  const Node &node(NodeId N) const { return Nodes[N]; }

  /// The node a call leads to, or None when the call is not an edge.
  NodeId target(const CallSite &S);
  /// The node a destructor run leads to, or None. \p Owner is the function
  /// whose body runs it (a local that it moves away or joins does not
  /// block at the end of its scope).
  NodeId target(const FunctionInfo &Owner, const DestructorRun &D);
  /// Where a destructor run happens on the path that reports it, when that
  /// is not the end of the variable's scope: the early exit that skips the
  /// await settling its destructor's guard (Guards.h). Invalid otherwise.
  clang::SourceLocation earlyExit(const FunctionInfo &Owner,
                                  const DestructorRun &D);
  /// A destructor run that is itself a blocking fact (the std::future of
  /// std::async), or None.
  LeafKind leafOf(const FunctionInfo &Owner, const DestructorRun &D);

  /// The USR that keys a node in summary files.
  const std::string &usr(NodeId N);
  /// How a node is named: its qualified name, or "lambda".
  std::string name(NodeId N) const;
  /// How notes name it: 'ns::f', or lambda.
  std::string describe(NodeId N) const {
    return describeFunction(Nodes[N].Kind, name(N), Nodes[N].IsLambda);
  }

  /// Solves the graph. \p Allowed limits the nodes a chain may pass
  /// through (SameFileOnly); \p External, when set, supplies the summaries
  /// of functions defined elsewhere. Results are cached per setting.
  const Result &solve(clang::FileID OnlyFile, const ExternalFacts *External);

  /// The chain of \p N in \p R, as notes; \p Site is where the chain
  /// starts (for steps without a place of their own).
  Chain chain(NodeId N, const Result &R, const ExternalFacts *External,
              clang::SourceLocation Site = {});

  /// True when every step by which function node \p N may block is a
  /// member call on one of the parameters \p Ready marks: the caller passes
  /// values it already awaited (a ready result's get() does not wait).
  bool blocksOnlyThrough(NodeId N, const Result &R,
                         llvm::ArrayRef<bool> Ready,
                         unsigned Depth = 0) const;

  /// Nodes reachable from \p From through edges (for the summary's list of
  /// functions of other translation units that contexts reach).
  void forEachReachable(llvm::ArrayRef<NodeId> From,
                        llvm::function_ref<void(NodeId)> F) const;

  /// Per node: whether some chain from it may reach a blocking fact or a
  /// function defined elsewhere (what a summary file must keep).
  std::vector<bool> nodesThatMayBlock();

  /// The file that holds a node's definition (invalid for library facts).
  clang::FileID fileOf(NodeId N) const;

  /// Creates the nodes of every function defined in the translation unit
  /// (for writing its summary).
  void addAllFunctions();

private:
  NodeId functionNode(const FunctionInfo *FI);
  NodeId destructorNode(const clang::CXXRecordDecl *RD,
                        bool MembersOnly = false);
  /// The guard of a class's destructor, if any (cached).
  const std::optional<DestructorGuard> &guardOf(const clang::CXXRecordDecl *RD);
  NodeId externalNode(const clang::FunctionDecl *FD);
  NodeId edgeTarget(const CallSite &S);
  NodeId edgeTarget(const FunctionInfo &Owner, const DestructorRun &D);
  NodeId calleeTarget(const clang::FunctionDecl *FD);
  NodeId destroyedTarget(const clang::CXXRecordDecl *Class);
  struct Destroyed;
  Destroyed destroyed(const clang::CXXRecordDecl *Class);
  /// Nodes are created on first use and filled from a work list, so that
  /// long chains do not recurse.
  void drain();
  void fillDestructor(NodeId N);
  void addBodySteps(NodeId N, const FunctionInfo &FI);
  void addLeaf(NodeId N, LeafKind K, clang::SourceLocation Loc,
               std::string What, Category Cat,
               clang::SourceLocation DeclLoc = {});
  void addEdge(NodeId N, StepKind K, NodeId Target, clang::SourceLocation Loc,
               std::string What = {});
  const clang::FunctionDecl *resolveCallee(const CallSite &S) const;
  /// True when \p Callee takes over what is passed to parameter \p Param
  /// by value (a coroutine, or a function that moves it away).
  bool takesOver(const clang::FunctionDecl *Callee, unsigned Param) const;
  void buildPredecessors();

  const Analysis &A;
  const clang::SourceManager &SM;
  bool TrackExternal;
  std::vector<Node> Nodes;
  std::vector<NodeId> Pending;
  llvm::DenseMap<const FunctionInfo *, NodeId> ByInfo;
  llvm::DenseMap<const clang::CXXRecordDecl *, NodeId> ByRecord;
  llvm::DenseMap<const clang::CXXRecordDecl *, NodeId> ByRecordMembersOnly;
  llvm::DenseMap<const clang::CXXRecordDecl *, std::optional<DestructorGuard>>
      Guards;
  llvm::DenseMap<const clang::FunctionDecl *, NodeId> ByExternal;
  /// Where a callee, or destroying an object of a class, leads.
  llvm::DenseMap<const clang::FunctionDecl *, NodeId> ByCallee;
  struct Destroyed {
    NodeId Target = None;
    bool AsyncFuture = false; // a std::future (its origin decides)
  };
  llvm::DenseMap<const clang::CXXRecordDecl *, Destroyed> ByDestroyed;
  std::vector<std::string> USRs;
  /// The reversed edges, in compressed rows: the predecessors of N are
  /// PredList[PredStart[N] .. PredStart[N + 1]).
  std::vector<unsigned> PredStart;
  std::vector<NodeId> PredList;
  bool PredsBuilt = false;
  llvm::ArrayRef<NodeId> predecessors(NodeId N) const {
    return llvm::ArrayRef<NodeId>(PredList).slice(
        PredStart[N], PredStart[N + 1] - PredStart[N]);
  }
  std::map<std::pair<unsigned, const void *>, Result> Solved;
};

/// Calls \p F for every call (\p S) and destructor run (\p D) that runs
/// as part of context \p C: its own, and those of lambdas and local classes
/// defined in it that it calls (the rule of
/// Analysis::forEachDirectBlockingCall). Calls into those lambdas are not
/// passed: their bodies are.
void forEachContextSite(
    const Analysis &A, const FunctionInfo &C,
    llvm::function_ref<void(const FunctionInfo &Owner, const CallSite *S,
                            const DestructorRun *D)>
        F);

/// The texts of chains (shared with chains read from summary files).
/// A leaf's note: "'backoff' calls 'usleep' here".
std::string leafNote(LeafKind K, llvm::StringRef From, llvm::StringRef What);
/// A leaf as the end of "it ...": "calls 'usleep'".
std::string leafPhrase(LeafKind K, llvm::StringRef What);
/// An edge's note: "'retry' calls 'backoff' here".
std::string edgeNote(StepKind K, llvm::StringRef From, llvm::StringRef To,
                     llvm::StringRef What);
/// When the target itself waits: "a 'std::jthread' joins its thread when
/// destroyed".
std::string targetLeafText(llvm::StringRef Type);

} // namespace unblock
