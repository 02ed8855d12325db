//! `kubectl help` and `kubectl <command> --help`, laid out as kubectl's templater lays them out
//! (kubectl `pkg/util/templates`): the long description, `Examples:`, `Available Commands:`
//! (names padded as cobra pads them, then three spaces), `Options:` (one flag per paragraph:
//! `    -o, --output='':` then the usage on a tab-indented line, unwrapped as when kubectl's
//! output is not a terminal), `Usage:` and the closing hints. Only the commands and flags the
//! simulator understands are listed.

/// A flag: shorthand, name, default as kubectl prints it, and its usage text.
type Flag = (Option<char>, &'static str, &'static str, &'static str);

struct Page {
    /// The command path after `kubectl` (`"rollout status"`).
    path: &'static str,
    short: &'static str,
    long: &'static str,
    examples: &'static str,
    flags: &'static [Flag],
    usage: &'static str,
}

const SELECTOR: Flag = (
    Some('l'),
    "selector",
    "''",
    "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
);
const GRACE: Flag = (
    None,
    "grace-period",
    "-1",
    "Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).",
);
const CONTAINERS: Flag = (
    Some('c'),
    "containers",
    "'*'",
    "The names of containers in the selected pod templates to change - may use wildcards",
);
const RESOURCES_CONTAINERS: Flag = (
    Some('c'),
    "containers",
    "'*'",
    "The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards",
);

const PAGES: &[Page] = &[
    Page {
        path: "create",
        short: "Create a resource from a file or from stdin",
        long: "Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.",
        examples: "  # Create a deployment named web that runs the nginx:1.25 image\n  kubectl create deployment web --image=nginx:1.25",
        flags: &[],
        usage: "kubectl create -f FILENAME [options]",
    },
    Page {
        path: "create deployment",
        short: "Create a deployment with the specified name",
        long: "Create a deployment with the specified name.",
        examples: "  # Create a deployment named my-dep that runs the busybox image\n  kubectl create deployment my-dep --image=busybox\n\n  # Create a deployment named my-dep that runs the nginx image with 3 replicas\n  kubectl create deployment my-dep --image=nginx --replicas=3\n\n  # Create a deployment named my-dep that runs the busybox image and expose port 5701\n  kubectl create deployment my-dep --image=busybox --port=5701",
        flags: &[
            (None, "image", "[]", "Image names to run. A deployment can have multiple images set for multi-container pod."),
            (None, "port", "-1", "The containerPort that this deployment exposes."),
            (Some('r'), "replicas", "1", "Number of replicas to create. Default is 1."),
        ],
        usage: "kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]",
    },
    Page {
        path: "get",
        short: "Display one or many resources",
        long: "Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.\n\n By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.",
        examples: "  # List all pods in ps output format\n  kubectl get pods\n\n  # List all pods in ps output format with more information (such as node name)\n  kubectl get pods -o wide\n\n  # List deployments, replica sets and pods together\n  kubectl get deploy,rs,pods\n\n  # List a single deployment with specified NAME in JSON output format\n  kubectl get -o json deployment web\n\n  # Watch the pods of a rollout change\n  kubectl get pods -w",
        flags: &[
            (Some('A'), "all-namespaces", "false", "If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace."),
            (None, "field-selector", "''", "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type."),
            (Some('L'), "label-columns", "[]", "Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2..."),
            (None, "no-headers", "false", "When using the default or custom-column output format, don't print headers (default print headers)."),
            (Some('o'), "output", "''", "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/]."),
            (None, "output-watch-events", "false", "Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events."),
            SELECTOR,
            (None, "show-labels", "false", "When printing, show all labels as the last column (default hide labels column)"),
            (None, "sort-by", "''", "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string."),
            (Some('w'), "watch", "false", "After listing/getting the requested object, watch for changes."),
        ],
        usage: "kubectl get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]",
    },
    Page {
        path: "describe",
        short: "Show details of a specific resource or group of resources",
        long: "Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:\n\n        $ kubectl describe TYPE NAME_PREFIX\n        \n will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.",
        examples: "  # Describe a deployment\n  kubectl describe deployment web\n\n  # Describe a pod\n  kubectl describe pods/web-7d4b9c8f5-x2kqp\n\n  # Describe pods by label name=myLabel\n  kubectl describe pods -l name=myLabel",
        flags: &[
            SELECTOR,
            (None, "show-events", "true", "If true, display events related to the described object."),
        ],
        usage: "kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]",
    },
    Page {
        path: "apply",
        short: "Apply a configuration to a resource by file name or stdin",
        long: "Apply a configuration to a resource by file name or stdin. The resource name must be specified. This resource will be created if it doesn't exist yet. To use 'apply', always create the resource initially with either 'apply' or 'create --save-config'.\n\n JSON and YAML formats are accepted.\n\n Alpha Disclaimer: the --prune functionality is not yet complete. Do not use unless you are aware of what the current state is. See https://issues.k8s.io/34274.",
        examples: "  # Apply the configuration in web.yaml to a deployment\n  kubectl apply -f ./web.yaml",
        flags: &[(Some('f'), "filename", "[]", "The files that contain the configurations to apply.")],
        usage: "kubectl apply (-f FILENAME | -k DIRECTORY) [options]",
    },
    Page {
        path: "patch",
        short: "Update fields of a resource",
        long: "Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch.\n\n JSON and YAML formats are accepted.",
        examples: "  # Partially update a deployment using a strategic merge patch, specifying the patch as JSON\n  kubectl patch deployment web -p '{\"spec\":{\"replicas\":5}}'\n\n  # Partially update a deployment using a strategic merge patch, specifying the patch as YAML\n  kubectl patch deployment web -p 'spec: {minReadySeconds: 10}'\n\n  # Update a container's image; spec.template.spec.containers[*].name is required because it's a merge key\n  kubectl patch deployment web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.26\"}]}}}}'\n\n  # Update a container's image using a JSON patch with positional arrays\n  kubectl patch deployment web --type='json' -p='[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\", \"value\":\"nginx:1.26\"}]'",
        flags: &[
            (Some('p'), "patch", "''", "The patch to be applied to the resource JSON file."),
            (None, "patch-file", "''", "A file containing a patch to be applied to the resource."),
            (None, "type", "'strategic'", "The type of patch being provided; one of [json merge strategic]"),
        ],
        usage: "kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [options]",
    },
    Page {
        path: "delete",
        short: "Delete resources by file names, stdin, resources and names, or by resources and label selector",
        long: "Delete resources by file names, stdin, resources and names, or by resources and label selector.\n\n JSON and YAML formats are accepted. Only one type of argument may be specified: file names, resources and names, or resources and label selector.\n\n Some resources, such as pods, support graceful deletion. These resources define a default period before they are forcibly terminated (the grace period) but you may override that value with the --grace-period flag, or pass --now to set a grace-period of 1. Because these resources often represent entities in the cluster, deletion may not be acknowledged immediately. If the node hosting a pod is down or cannot reach the API server, termination may take significantly longer than the grace period. To force delete a resource, you must specify the --force flag. Note: only a subset of resources support graceful deletion. In absence of the support, the --grace-period flag is ignored.\n\n IMPORTANT: Force deleting pods does not wait for confirmation that the pod's processes have been terminated, which can leave those processes running until the node detects the deletion and completes graceful deletion. If your processes use shared storage or talk to a remote API and depend on the name of the pod to identify themselves, force deleting those pods may result in multiple processes running on different machines using the same identification which may lead to data corruption or inconsistency. Only force delete pods when you are sure the pod is terminated, or if your application can tolerate multiple copies of the same pod running at once. Also, if you force delete pods, the scheduler may place new pods on those nodes before the node has released those resources and causing those pods to be evicted immediately.\n\n Note that the delete command does NOT do resource version checks, so if someone submits an update to a resource right when you submit a delete, their update will be lost along with the rest of the resource.\n\n After a CustomResourceDefinition is deleted, invalidation of discovery cache may take up to 6 hours. If you don't want to wait, you might want to run \"kubectl api-resources\" to refresh the discovery cache.",
        examples: "  # Delete a deployment using the name specified in web.yaml\n  kubectl delete -f ./web.yaml\n\n  # Delete a pod (its ReplicaSet makes a new one)\n  kubectl delete pod web-7d4b9c8f5-x2kqp\n\n  # Delete a deployment, its replica sets and their pods\n  kubectl delete deployment web",
        flags: &[
            (Some('f'), "filename", "[]", "containing the resource to delete."),
            (None, "force", "false", "If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation."),
            GRACE,
            (None, "now", "false", "If true, resources are signaled for immediate shutdown (same as --grace-period=1)."),
            (None, "timeout", "0s", "The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object"),
            (None, "wait", "true", "If true, wait for resources to be gone before returning. This waits for finalizers."),
        ],
        usage: "kubectl delete ([-f FILENAME] | [-k DIRECTORY] | TYPE [(NAME | -l label | --all)]) [options]",
    },
    Page {
        path: "set",
        short: "Set specific features on objects",
        long: "Configure application resources.\n\n These commands help you make changes to existing application resources.",
        examples: "",
        flags: &[],
        usage: "kubectl set SUBCOMMAND [options]",
    },
    Page {
        path: "set image",
        short: "Update the image of a pod template",
        long: "Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)",
        examples: "  # Set a deployment's nginx container image to 'nginx:1.26'\n  kubectl set image deployment/web nginx=nginx:1.26\n\n  # A tag that does not exist fails to pull, as in real life\n  kubectl set image deployment/web nginx=nginx:1.2x",
        flags: &[],
        usage: "kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N [options]",
    },
    Page {
        path: "set env",
        short: "Update environment variables on a pod template",
        long: "Update environment variables on a pod template.\n\n List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.\n\n If \"--env -\" is passed, environment variables can be read from STDIN using the standard env syntax.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)",
        examples: "  # Update deployment 'web' with a new environment variable\n  kubectl set env deployment/web STORAGE_DIR=/local\n\n  # Remove the environment variable ENV from container 'nginx' in deployment 'web'\n  kubectl set env deployment/web --containers=\"nginx\" ENV-",
        flags: &[
            CONTAINERS,
            (Some('e'), "env", "[]", "Specify a key-value pair for an environment variable to set into each container."),
        ],
        usage: "kubectl set env RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N [options]",
    },
    Page {
        path: "set resources",
        short: "Update resource requests/limits on objects with pod templates",
        long: "Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.\n\n For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.\n\n Possible resources include (case insensitive): Use \"kubectl api-resources\" for a complete list of supported resources..",
        examples: "  # Set the requests of all containers in deployment 'web'\n  kubectl set resources deployment web --requests=cpu=200m,memory=256Mi\n\n  # Set the limits of the nginx container\n  kubectl set resources deployment web -c=nginx --limits=cpu=200m,memory=512Mi",
        flags: &[
            RESOURCES_CONTAINERS,
            (None, "limits", "''", "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges."),
            (None, "requests", "''", "The resource requirement requests for this container.  For example, 'cpu=100m,memory=256Mi'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges."),
        ],
        usage: "kubectl set resources (-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS] [options]",
    },
    Page {
        path: "scale",
        short: "Set a new size for a deployment, replica set, or replication controller",
        long: "Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n Scale also allows users to specify one or more preconditions for the scale action.\n\n If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.",
        examples: "  # Scale a deployment named 'web' to 10\n  kubectl scale --replicas=10 deployment/web\n\n  # If the deployment named web's current size is 2, scale web to 3\n  kubectl scale --current-replicas=2 --replicas=3 deployment/web",
        flags: &[
            (None, "current-replicas", "-1", "Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition."),
            (None, "replicas", "0", "The new desired number of replicas. Required."),
        ],
        usage: "kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]",
    },
    Page {
        path: "annotate",
        short: "Update the annotations on a resource",
        long: "Update the annotations on one or more resources.\n\n All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.\n\n Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.\n\nUse \"kubectl api-resources\" for a complete list of supported resources.",
        examples: "  # Record why this revision exists (rollout history shows it)\n  kubectl annotate deployment web kubernetes.io/change-cause=\"nginx 1.26\"\n\n  # Remove an annotation\n  kubectl annotate deployment web kubernetes.io/change-cause-",
        flags: &[
            (None, "all", "false", "Select all resources, in the namespace of the specified resource types."),
            (None, "overwrite", "false", "If true, allow annotations to be overwritten, otherwise reject annotation updates that overwrite existing annotations."),
            SELECTOR,
        ],
        usage: "kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
    },
    Page {
        path: "label",
        short: "Update the labels on a resource",
        long: "Update the labels on a resource.\n\n  *  A label key and value must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters each.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  If --overwrite is true, then existing labels can be overwritten, otherwise attempting to overwrite a label will result in an error.\n  *  If --resource-version is specified, then updates will use this resource version, otherwise the existing resource-version will be used.",
        examples: "  # Give node-2 the label a pod template's nodeSelector asks for\n  kubectl label node node-2 zone=a\n\n  # Take a pod out of its ReplicaSet to look at it (the ReplicaSet makes another)\n  kubectl label pod web-74cc96bf9d-hj5qp app=debug --overwrite\n\n  # Remove the label 'zone' from node-2 if it exists\n  # Does not require the --overwrite flag\n  kubectl label node node-2 zone-",
        flags: &[
            (None, "all", "false", "Select all resources, in the namespace of the specified resource types"),
            (None, "list", "false", "If true, display the labels for a given resource."),
            (None, "overwrite", "false", "If true, allow labels to be overwritten, otherwise reject label updates that overwrite existing labels."),
            SELECTOR,
        ],
        usage: "kubectl label [--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version] [options]",
    },
    Page {
        path: "rollout",
        short: "Manage the rollout of a resource",
        long: "Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets",
        examples: "  # Rollback to the previous deployment\n  kubectl rollout undo deployment/web\n\n  # Check the rollout status of a deployment\n  kubectl rollout status deployment/web",
        flags: &[],
        usage: "kubectl rollout SUBCOMMAND [options]",
    },
    Page {
        path: "rollout history",
        short: "View rollout history",
        long: "View previous rollout revisions and configurations.",
        examples: "  # View the rollout history of a deployment\n  kubectl rollout history deployment/web\n\n  # View the details of deployment revision 3\n  kubectl rollout history deployment/web --revision=3",
        flags: &[(None, "revision", "0", "See the details, including podTemplate of the revision specified")],
        usage: "kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]",
    },
    Page {
        path: "rollout pause",
        short: "Mark the provided resource as paused",
        long: "Mark the provided resource as paused.\n\n Paused resources will not be reconciled by a controller. Use \"kubectl rollout resume\" to resume a paused resource. Currently only deployments support being paused.",
        examples: "  # Mark the web deployment as paused\n  # Any current state of the deployment will continue its function; new updates\n  # to the deployment will not have an effect as long as the deployment is paused\n  kubectl rollout pause deployment/web",
        flags: &[],
        usage: "kubectl rollout pause RESOURCE [options]",
    },
    Page {
        path: "rollout restart",
        short: "Restart a resource",
        long: "Restart a resource.\n\n        Resource rollout will be restarted.",
        examples: "  # Restart the web deployment\n  kubectl rollout restart deployment/web",
        flags: &[],
        usage: "kubectl rollout restart RESOURCE [options]",
    },
    Page {
        path: "rollout resume",
        short: "Resume a paused resource",
        long: "Resume a paused resource.\n\n Paused resources will not be reconciled by a controller. By resuming a resource, we allow it to be reconciled again. Currently only deployments support being resumed.",
        examples: "  # Resume an already paused deployment\n  kubectl rollout resume deployment/web",
        flags: &[],
        usage: "kubectl rollout resume RESOURCE [options]",
    },
    Page {
        path: "rollout status",
        short: "Show the status of the rollout",
        long: "Show the status of the rollout.\n\n By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.",
        examples: "  # Watch the rollout status of a deployment\n  kubectl rollout status deployment/web",
        flags: &[
            (None, "revision", "0", "Pin to a specific revision for showing its status. Defaults to 0 (last revision)."),
            (None, "timeout", "0s", "The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
            (Some('w'), "watch", "true", "Watch the status of the rollout until it's done."),
        ],
        usage: "kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]",
    },
    Page {
        path: "rollout undo",
        short: "Undo a previous rollout",
        long: "Roll back to a previous rollout.",
        examples: "  # Roll back to the previous deployment\n  kubectl rollout undo deployment/web\n\n  # Roll back to revision 3\n  kubectl rollout undo deployment/web --to-revision=3",
        flags: &[(None, "to-revision", "0", "The revision to rollback to. Default to 0 (last revision).")],
        usage: "kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]",
    },
    Page {
        path: "top",
        short: "Display resource (CPU/memory) usage",
        long: "Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server. (Rollout Lab's cluster has none, as a fresh one has not: `kubectl describe node` shows what pods request instead.)",
        examples: "  # Show metrics for all pods (needs Metrics Server)\n  kubectl top pod\n\n  # What the pods on node-1 request of it\n  kubectl describe node node-1",
        flags: &[],
        usage: "kubectl top [flags] [options]",
    },
    Page {
        path: "taint",
        short: "Update the taints on one or more nodes",
        long: "Update the taints on one or more nodes.\n\n  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n  *  Currently taint can only apply to node.",
        examples: "  # Keep new pods off node-2 unless they tolerate dedicated=batch (running pods stay)\n  kubectl taint nodes node-2 dedicated=batch:NoSchedule\n\n  # Evict the pods on node-3 that do not tolerate it, and keep new ones off\n  kubectl taint nodes node-3 maintenance:NoExecute\n\n  # Remove from node-2 the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kubectl taint nodes node-2 dedicated:NoSchedule-\n\n  # Remove from node-3 all the taints with key 'maintenance'\n  kubectl taint nodes node-3 maintenance-\n\n  # Add a taint with key 'dedicated' on nodes having label zone=a\n  kubectl taint node -l zone=a dedicated=foo:PreferNoSchedule",
        flags: &[
            (None, "all", "false", "Select all nodes in the cluster"),
            (None, "overwrite", "false", "If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints."),
            SELECTOR,
        ],
        usage: "kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]",
    },
    Page {
        path: "cordon",
        short: "Mark node as unschedulable",
        long: "Mark node as unschedulable.",
        examples: "  # Mark node \"node-1\" as unschedulable\n  kubectl cordon node-1",
        flags: &[],
        usage: "kubectl cordon NODE [options]",
    },
    Page {
        path: "uncordon",
        short: "Mark node as schedulable",
        long: "Mark node as schedulable.",
        examples: "  # Mark node \"node-1\" as schedulable\n  kubectl uncordon node-1",
        flags: &[],
        usage: "kubectl uncordon NODE [options]",
    },
    Page {
        path: "drain",
        short: "Drain node in preparation for maintenance",
        long: "Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.\n\nhttps://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg",
        examples: "  # Drain node \"node-1\", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain node-1 --force",
        flags: &[
            (None, "delete-emptydir-data", "false", "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)."),
            (None, "force", "false", "Continue even if there are pods that do not declare a controller."),
            (None, "grace-period", "-1", "Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used."),
            (None, "ignore-daemonsets", "false", "Ignore DaemonSet-managed pods."),
            (None, "timeout", "0s", "The length of time to wait before giving up, zero means infinite"),
        ],
        usage: "kubectl drain NODE [options]",
    },
];

/// The groups of `kubectl help`, in kubectl's order, with the commands the simulator has.
const GROUPS: &[(&str, &[&str])] = &[
    ("Basic Commands (Beginner):", &["create", "set"]),
    ("Basic Commands (Intermediate):", &["get", "delete"]),
    ("Deploy Commands:", &["rollout", "scale"]),
    (
        "Cluster Management Commands:",
        &["top", "cordon", "uncordon", "drain", "taint"],
    ),
    ("Troubleshooting and Debugging Commands:", &["describe"]),
    ("Advanced Commands:", &["apply", "patch"]),
    ("Settings Commands:", &["label", "annotate"]),
];

/// kubectl's root command names are padded to its longest, `api-resources`.
const ROOT_NAME_PADDING: usize = 13;

/// Subcommand names are padded to the longest of the parent's real subcommands
/// (`poddisruptionbudget`, `serviceaccount`), at least 11, as cobra pads them.
const SUB_PADDING: &[(&str, usize)] = &[("create", 19), ("set", 14)];

/// Other names a command answers to, as `Aliases:` lists them.
const ALIASES: &[(&str, &str)] = &[("create deployment", "deployment, deploy")];

const OPTIONS_HINT: &str =
    "Use \"kubectl options\" for a list of global command-line options (applies to all commands).";

fn page(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| p.path == path)
}

fn root_help() -> String {
    let mut out = String::from("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n Rollout Lab simulates the cluster; these are the commands it understands.\n");
    for (group, names) in GROUPS {
        out += &format!("\n{group}\n");
        for name in *names {
            let short = page(name).map_or("", |p| p.short);
            out += &format!("  {name:<ROOT_NAME_PADDING$}   {short}\n");
        }
    }
    out += "\nUsage:\n  kubectl [flags] [options]\n\nUse \"kubectl <command> --help\" for more information about a given command.\n";
    out += OPTIONS_HINT;
    out += "\nRollout Lab also has `sim` commands (time, seeds, faults): try `sim help`.";
    out
}

/// `kubectl options`: the flags every command takes (those the simulator reads).
const GLOBAL_FLAGS: &[Flag] = &[
    (Some('n'), "namespace", "''", "If present, the namespace scope for this CLI request"),
    (None, "request-timeout", "'0'", "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests."),
];

fn flag_paragraphs(flags: &[Flag]) -> String {
    let mut out = String::new();
    for (short, name, default, usage) in flags {
        match short {
            Some(c) => out += &format!("    -{c}, --{name}={default}:\n\t{usage}\n\n"),
            None => out += &format!("    --{name}={default}:\n\t{usage}\n\n"),
        }
    }
    out
}

fn command_help(p: &Page) -> String {
    let mut out = format!("{}\n\n", p.long);
    if let Some((_, aliases)) = ALIASES.iter().find(|(path, _)| *path == p.path) {
        out += &format!("Aliases:\n{aliases}\n\n");
    }
    if !p.examples.is_empty() {
        // kubectl indents every example line, the blank ones too.
        out += &format!("Examples:\n{}\n\n", p.examples.replace("\n\n", "\n  \n"));
    }
    let prefix = format!("{} ", p.path);
    let mut subs: Vec<&Page> = PAGES
        .iter()
        .filter(|s| {
            s.path
                .strip_prefix(&prefix)
                .is_some_and(|r| !r.contains(' '))
        })
        .collect();
    crate::sort::sort_by_key(&mut subs, |s| s.path); // cobra lists subcommands by name
    if !subs.is_empty() {
        let pad = SUB_PADDING
            .iter()
            .find(|(parent, _)| *parent == p.path)
            .map_or(11, |(_, pad)| *pad)
            .max(
                subs.iter()
                    .map(|s| s.path.len() - prefix.len())
                    .max()
                    .unwrap_or(0),
            );
        out += "Available Commands:\n";
        for s in &subs {
            out += &format!("  {:<pad$}   {}\n", &s.path[prefix.len()..], s.short);
        }
        out.push('\n');
    }
    if !p.flags.is_empty() {
        out += "Options:\n";
        out += &flag_paragraphs(p.flags);
    }
    out += &format!("Usage:\n  {}\n\n", p.usage);
    if !subs.is_empty() {
        out += &format!(
            "Use \"kubectl {} <command> --help\" for more information about a given command.\n",
            p.path
        );
    }
    out + OPTIONS_HINT
}

pub fn help(topic: &[String]) -> String {
    if topic.is_empty() {
        return root_help();
    }
    if topic[0] == "options" {
        let flags = flag_paragraphs(GLOBAL_FLAGS);
        return format!(
            "The following options can be passed to any command:\n\n{}",
            flags.trim_end()
        );
    }
    // The deepest page the words name: `set image x` is `set image`; `rollout` alone is
    // `rollout`.
    let found = (1..=topic.len().min(2))
        .rev()
        .find_map(|n| page(&topic[..n].join(" ")));
    match found {
        Some(p) => command_help(p),
        None => {
            let quoted: Vec<String> = topic.iter().map(|t| format!("`{t}`")).collect();
            format!("Unknown help topic [{}]\n{}", quoted.join(" "), root_help())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn root_help_pads_names_as_kubectl_does() {
        let h = help(&[]);
        assert!(h.contains(
            "\nBasic Commands (Beginner):\n  create          Create a resource from a file or from stdin\n"
        ));
        assert!(h.contains("  rollout         Manage the rollout of a resource\n"));
    }

    #[test]
    fn command_help_has_examples_options_and_usage() {
        let h = help(&words("get"));
        assert!(h.starts_with("Display one or many resources.\n\n Prints a table"));
        assert!(h.contains("\nOptions:\n    -A, --all-namespaces=false:\n\tIf present"));
        assert!(h.contains(
            "\n    -w, --watch=false:\n\tAfter listing/getting the requested object, watch for changes.\n\n"
        ));
        assert!(h.ends_with(&format!("[flags] [options]\n\n{OPTIONS_HINT}")));
    }

    #[test]
    fn parents_list_their_subcommands() {
        let h = help(&words("rollout"));
        assert!(h.contains(
            "Available Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n"
        ));
        assert!(h.contains("Use \"kubectl rollout <command> --help\""));
        let h = help(&words("set"));
        assert!(h.contains(
            "Available Commands:\n  env              Update environment variables on a pod template\n  image   "
        ));
        assert!(help(&words("rollout status deploy/web"))
            .starts_with("Show the status of the rollout."));
    }

    #[test]
    fn every_command_the_parser_routes_to_help_has_a_page() {
        for t in [
            "create",
            "create deployment",
            "get",
            "describe",
            "apply",
            "delete",
            "set",
            "set image",
            "set env",
            "set resources",
            "scale",
            "annotate",
            "label",
            "rollout",
            "rollout history",
            "rollout pause",
            "rollout restart",
            "rollout resume",
            "rollout status",
            "rollout undo",
            "cordon",
            "uncordon",
            "drain",
        ] {
            assert!(page(t).is_some(), "{t}");
        }
        assert!(help(&words("frobnicate")).starts_with(
            "Unknown help topic [`frobnicate`]\nkubectl controls the Kubernetes cluster manager."
        ));
    }
}
