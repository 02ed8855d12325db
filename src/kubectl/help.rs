//! `kubectl help` and `kubectl <command> --help`, in kubectl's layout, for the commands the
//! simulator knows.

const COMMANDS: &[(&str, &str, &str, &str)] = &[
    ("create", "Create a resource from a file or from stdin", "kubectl create deployment NAME --image=image [--replicas=N] [--port=port]", "  # Create a deployment named web that runs the nginx:1.25 image with 3 replicas\n  kubectl create deployment web --image=nginx:1.25 --replicas=3"),
    ("get", "Display one or many resources", "kubectl get [(-o|--output=)wide|yaml|json|name] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]", "  # List all pods\n  kubectl get pods\n\n  # List deployments, replica sets and pods together\n  kubectl get deploy,rs,pods -o wide"),
    ("describe", "Show details of a specific resource or group of resources", "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)", "  # Describe a deployment\n  kubectl describe deployment web"),
    ("apply", "Apply a configuration to a resource by file name or stdin", "kubectl apply (-f FILENAME | -k DIRECTORY) [options]", "  # Apply the configuration in web.yaml\n  kubectl apply -f web.yaml"),
    ("delete", "Delete resources by file names, stdin, resources and names, or by resources and label selector", "kubectl delete ([-f FILENAME] | TYPE [(NAME | -l label | --all)])", "  # Delete a pod (its ReplicaSet makes a new one)\n  kubectl delete pod web-7d4b9c8f5-x2kqp"),
    ("set", "Set specific features on objects", "kubectl set SUBCOMMAND [options]", "  # Change the image of the nginx container\n  kubectl set image deployment/web nginx=nginx:1.26\n\nAvailable Commands:\n  env         Update environment variables on a pod template\n  image       Update the image of a pod template\n  resources   Update resource requests/limits on objects with pod templates"),
    ("scale", "Set a new size for a deployment, replica set, or replication controller", "kubectl scale [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)", "  # Scale a deployment named web to 10\n  kubectl scale --replicas=10 deployment/web"),
    ("annotate", "Update the annotations on a resource", "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N", "  # Record why this revision exists (rollout history shows it)\n  kubectl annotate deployment web kubernetes.io/change-cause=\"nginx 1.26\""),
    ("rollout", "Manage the rollout of a resource", "kubectl rollout SUBCOMMAND [options]", "  # Rollback to the previous deployment\n  kubectl rollout undo deployment/web\n\n  # Check the rollout status of a deployment\n  kubectl rollout status deployment/web\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout"),
    ("cordon", "Mark node as unschedulable", "kubectl cordon NODE", "  # Mark node \"node-1\" as unschedulable\n  kubectl cordon node-1"),
    ("uncordon", "Mark node as schedulable", "kubectl uncordon NODE", "  # Mark node \"node-1\" as schedulable\n  kubectl uncordon node-1"),
    ("drain", "Drain node in preparation for maintenance", "kubectl drain NODE", "  # Drain node \"node-1\"\n  kubectl drain node-1 --ignore-daemonsets"),
];

pub fn help(topic: &[String]) -> String {
    let Some(first) = topic.first() else {
        let mut out = String::from("kubectl controls the Kubernetes cluster manager (here: Rollout Lab's simulated cluster).\n\n");
        out += "Basic Commands:\n";
        for (name, short, _, _) in COMMANDS {
            out += &format!("  {name:<13}{short}\n");
        }
        out += "\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\nRollout Lab also has `sim` commands: try `sim help`.";
        return out;
    };
    match COMMANDS.iter().find(|c| c.0 == first) {
        Some((_, short, usage, examples)) => format!("{short}.\n\nExamples:\n{examples}\n\nUsage:\n  {usage}\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands)."),
        None => format!("error: unknown help topic {:?}", topic.join(" ")),
    }
}
