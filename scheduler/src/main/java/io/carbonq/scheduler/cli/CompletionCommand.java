package io.carbonq.scheduler.cli;

import io.carbonq.scheduler.cli.Completions.ServerIds;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * {@code carbonq generate-completion}: picocli's bash/zsh script (commands, flags, and the values
 * of the flags that take a known name), then a wrapper that completes the job and sweep ids of the
 * positional parameters {@link ServerIds} marks by asking the running server through {@code carbonq
 * __complete-ids}, as kubectl completes resource names.
 */
@Command(
    name = "generate-completion",
    description = {
      "Generate bash/zsh completion script for carbonq, job and sweep ids included.",
      "Run the following command to give `carbonq` TAB completion in the current shell:",
      "",
      "  source <(carbonq generate-completion)",
      ""
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {
  /** The flags passed on to {@code __complete-ids}, so that it asks the server the line names. */
  private static final Set<String> PASSED = Set.of("--server", "--token", "--owner");

  @Spec CommandSpec spec;

  private final CliContext context;

  CompletionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.out().print(script(spec.root().commandLine()));
    return Cli.OK;
  }

  /** The whole script for {@code root}: picocli's, then the ids wrapper. */
  static String script(CommandLine root) {
    String name = root.getCommandName();
    String picocli = AutoComplete.bash(name, root);
    String entry = "_complete_" + name;
    if (!picocli.contains("function " + entry + "()")) {
      throw new IllegalStateException("picocli's script has no function " + entry);
    }
    return picocli
        + WRAPPER
            .replace("@NAME@", name)
            .replace("@ENTRY@", entry)
            .replace("@TIMEOUT@", Long.toString(CompleteIdsCommand.TIMEOUT.toSeconds()))
            .replace("@CASES@", cases(root));
  }

  /** One {@code case} branch per command whose positional parameter names jobs or sweeps. */
  private static String cases(CommandLine root) {
    Map<String, String> cases = new TreeMap<>();
    for (CommandLine command : root.getSubcommands().values()) {
      idParameter(command.getCommandSpec())
          .ifPresent(id -> cases.put(command.getCommandName(), branch(command, id)));
      for (CommandLine nested : command.getSubcommands().values()) {
        if (idParameter(nested.getCommandSpec()).isPresent()) {
          throw new IllegalStateException(
              nested.getCommandSpec().qualifiedName()
                  + ": ids are completed for the commands under the root only");
        }
      }
    }
    return String.join("\n", cases.values());
  }

  /** A positional parameter that names jobs or sweeps, and what it names. */
  private record IdParameter(PositionalParamSpec parameter, ServerIds ids) {}

  /**
   * The parameter of {@code command} that names jobs or sweeps: its first, as the script counts.
   */
  private static Optional<IdParameter> idParameter(CommandSpec command) {
    for (PositionalParamSpec parameter : command.positionalParameters()) {
      if (parameter.userObject() instanceof Field field
          && field.getAnnotation(ServerIds.class) != null) {
        if (parameter.index().min() != 0) {
          throw new IllegalStateException(
              command.qualifiedName() + ": ids are completed for the first positional parameter");
        }
        return Optional.of(new IdParameter(parameter, field.getAnnotation(ServerIds.class)));
      }
    }
    return Optional.empty();
  }

  /**
   * The branch that sets, for {@code command}: the kind of ids, how many its parameter takes, its
   * flags that take a value, those passed on to the server, and the flags that change the kind.
   */
  private static String branch(CommandLine command, IdParameter id) {
    List<String> takes = new ArrayList<>();
    for (OptionSpec option : command.getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        takes.addAll(List.of(option.names()));
      }
    }
    String switches =
        Arrays.stream(id.ids().kindWith())
            .map(with -> with.flag() + ":" + with.kind())
            .collect(Collectors.joining(" "));
    return String.format(
        "    %s) kind=%s max=%d takes='%s' passes='%s' switches='%s' ;;",
        command.getCommandName(),
        id.ids().value(),
        id.parameter().arity().max(),
        String.join(" ", takes),
        takes.stream().filter(PASSED::contains).collect(Collectors.joining(" ")),
        switches);
  }

  /** Needs bash 4 or zsh's bashcompinit, as picocli's script does. */
  private static final String WRAPPER =
      """

      # Job and sweep ids, which only the server knows: completing the ID of a command that takes
      # one runs `@NAME@ __complete-ids`, passing on the --server, --token and --owner given on the
      # line, as kubectl asks its server for resource names. It prints nothing when no server
      # answers within @TIMEOUT@ seconds. Everything else is completed by picocli's functions above.
      function _@NAME@_ids_of() {
        case "$1" in
      @CASES@
          *) return 1 ;;
        esac
      }

      function _@NAME@_server_ids() {
        local current=${COMP_WORDS[COMP_CWORD]}
        [[ $current == -* || $current == [:=]* ]] && return 1
        # Bash splits words at ':' and '=' (COMP_WORDBREAKS): join them again, so that a URL such
        # as http://host:8080, or --token=T, is one word.
        local -a line=()
        local i n word
        for (( i = 0; i < COMP_CWORD; i++ )); do
          word=${COMP_WORDS[i]}
          n=${#line[@]}
          if (( n > 1 )) && [[ $word == [:=]* || ${line[n-1]} == *[:=] ]]; then
            line[n-1]="${line[n-1]}$word"
          else
            line+=("$word")
          fi
        done
        n=${#line[@]}
        (( n > 1 )) || return 1
        [[ ${line[n-1]} == *[:=] ]] && return 1
        local kind max takes passes switches
        _@NAME@_ids_of "${line[1]}" || return 1
        local -a pass=()
        local given=0 options=1 name value
        for (( i = 2; i < n; i++ )); do
          word=${line[i]}
          if (( options )) && [[ $word == -- ]]; then
            options=0
          elif (( options )) && [[ $word == -?* ]]; then
            name=${word%%=*}
            if [[ " $takes " == *" $name "* ]]; then
              if [[ $word == *=* ]]; then
                value=${word#*=}
              elif (( i + 1 < n )); then
                i=$((i + 1))
                value=${line[i]}
              else
                return 1 # the word completed is this flag's value
              fi
              [[ " $passes " == *" $name "* ]] && pass+=("$name=$value")
            fi
            if [[ " $switches " == *" $name:"* ]]; then
              kind=${switches#*"$name:"}
              kind=${kind%% *}
            fi
          else
            given=$((given + 1))
          fi
        done
        [[ $kind == none ]] && return 1
        (( given < max )) || return 1
        local program=${COMP_WORDS[0]} ids id
        [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}
        ids=$("$program" __complete-ids --kind "$kind" "${pass[@]}" -- "$current" 2>/dev/null)
        COMPREPLY=()
        while IFS= read -r id; do
          [[ -n $id ]] && COMPREPLY+=("$id")
        done <<< "$ids"
        type compopt &>/dev/null && compopt +o default 2>/dev/null
        return 0
      }

      function @ENTRY@_with_ids() {
        _@NAME@_server_ids || @ENTRY@
      }

      complete -F @ENTRY@_with_ids -o default @NAME@ @NAME@.sh @NAME@.bash
      """;
}
