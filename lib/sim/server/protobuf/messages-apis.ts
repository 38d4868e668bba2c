// Protobuf field numbers of the messages of the served non-core groups and of apimachinery
// (ObjectMeta, LabelSelector, Time, IntOrString, Quantity), as upstream generated.proto
// (Kubernetes 1.32) numbers them. Data only; schema.ts explains the notation.

/** Message schemas of the other packages, in the notation of schema.ts. */
export const API_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'meta.v1': {
    Condition: 'type=1 status=2 observedGeneration=3:i lastTransitionTime=4:Time reason=5 message=6',
    FieldsV1: 'Raw=1:y?',
    LabelSelector: 'matchLabels=1:{} matchExpressions=2:LabelSelectorRequirement*',
    LabelSelectorRequirement: 'key=1 operator=2 values=3*',
    ManagedFieldsEntry: 'manager=1 operation=2 apiVersion=3 time=4:Time fieldsType=6 ' +
      'fieldsV1=7:FieldsV1 subresource=8',
    MicroTime: 'seconds=1:i nanos=2:i',
    ObjectMeta: 'name=1 generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7:i ' +
      'creationTimestamp=8:Time deletionTimestamp=9:Time deletionGracePeriodSeconds=10:i? ' +
      'labels=11:{} annotations=12:{} ownerReferences=13:OwnerReference* finalizers=14* ' +
      'managedFields=17:ManagedFieldsEntry*',
    OwnerReference: 'apiVersion=5 kind=1 name=3 uid=4 controller=6:b? blockOwnerDeletion=7:b?',
    Time: 'seconds=1:i nanos=2:i',
  },
  'intstr': {
    IntOrString: 'type=1:i intVal=2:i strVal=3',
  },
  'resource': {
    Quantity: 'string=1?',
  },
  'apps.v1': {
    DaemonSet: 'metadata=1:meta.v1.ObjectMeta spec=2:DaemonSetSpec status=3:DaemonSetStatus',
    DaemonSetCondition: 'type=1 status=2 lastTransitionTime=3:meta.v1.Time reason=4 message=5',
    DaemonSetSpec: 'selector=1:meta.v1.LabelSelector template=2:core.v1.PodTemplateSpec ' +
      'updateStrategy=3:DaemonSetUpdateStrategy minReadySeconds=4:i ' +
      'revisionHistoryLimit=6:i?',
    DaemonSetStatus: 'currentNumberScheduled=1:i numberMisscheduled=2:i desiredNumberScheduled=3:i ' +
      'numberReady=4:i observedGeneration=5:i updatedNumberScheduled=6:i ' +
      'numberAvailable=7:i numberUnavailable=8:i collisionCount=9:i? ' +
      'conditions=10:DaemonSetCondition*',
    DaemonSetUpdateStrategy: 'type=1 rollingUpdate=2:RollingUpdateDaemonSet',
    Deployment: 'metadata=1:meta.v1.ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus',
    DeploymentCondition: 'type=1 status=2 lastUpdateTime=6:meta.v1.Time ' +
      'lastTransitionTime=7:meta.v1.Time reason=4 message=5',
    DeploymentSpec: 'replicas=1:i? selector=2:meta.v1.LabelSelector template=3:core.v1.PodTemplateSpec ' +
      'strategy=4:DeploymentStrategy minReadySeconds=5:i revisionHistoryLimit=6:i? ' +
      'paused=7:b progressDeadlineSeconds=9:i?',
    DeploymentStatus: 'observedGeneration=1:i replicas=2:i updatedReplicas=3:i readyReplicas=7:i ' +
      'availableReplicas=4:i unavailableReplicas=5:i conditions=6:DeploymentCondition* ' +
      'collisionCount=8:i?',
    DeploymentStrategy: 'type=1 rollingUpdate=2:RollingUpdateDeployment',
    ReplicaSet: 'metadata=1:meta.v1.ObjectMeta spec=2:ReplicaSetSpec status=3:ReplicaSetStatus',
    ReplicaSetCondition: 'type=1 status=2 lastTransitionTime=3:meta.v1.Time reason=4 message=5',
    ReplicaSetSpec: 'replicas=1:i? minReadySeconds=4:i selector=2:meta.v1.LabelSelector ' +
      'template=3:core.v1.PodTemplateSpec',
    ReplicaSetStatus: 'replicas=1:i fullyLabeledReplicas=2:i readyReplicas=4:i availableReplicas=5:i ' +
      'observedGeneration=3:i conditions=6:ReplicaSetCondition*',
    RollingUpdateDaemonSet: 'maxUnavailable=1:intstr.IntOrString maxSurge=2:intstr.IntOrString',
    RollingUpdateDeployment: 'maxUnavailable=1:intstr.IntOrString maxSurge=2:intstr.IntOrString',
    RollingUpdateStatefulSetStrategy: 'partition=1:i? maxUnavailable=2:intstr.IntOrString',
    StatefulSet: 'metadata=1:meta.v1.ObjectMeta spec=2:StatefulSetSpec status=3:StatefulSetStatus',
    StatefulSetCondition: 'type=1 status=2 lastTransitionTime=3:meta.v1.Time reason=4 message=5',
    StatefulSetOrdinals: 'start=1:i',
    StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted=1 whenScaled=2',
    StatefulSetSpec: 'replicas=1:i? selector=2:meta.v1.LabelSelector ' +
      'template=3:core.v1.PodTemplateSpec ' +
      'volumeClaimTemplates=4:core.v1.PersistentVolumeClaim* serviceName=5 ' +
      'podManagementPolicy=6 updateStrategy=7:StatefulSetUpdateStrategy ' +
      'revisionHistoryLimit=8:i? minReadySeconds=9:i ' +
      'persistentVolumeClaimRetentionPolicy=10:StatefulSetPersistentVolumeClaimRetentionPolicy ' +
      'ordinals=11:StatefulSetOrdinals',
    StatefulSetStatus: 'observedGeneration=1:i replicas=2:i readyReplicas=3:i currentReplicas=4:i ' +
      'updatedReplicas=5:i currentRevision=6 updateRevision=7 collisionCount=9:i? ' +
      'conditions=10:StatefulSetCondition* availableReplicas=11:i',
    StatefulSetUpdateStrategy: 'type=1 rollingUpdate=2:RollingUpdateStatefulSetStrategy',
  },
  'batch.v1': {
    CronJob: 'metadata=1:meta.v1.ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus',
    CronJobSpec: 'schedule=1 timeZone=8? startingDeadlineSeconds=2:i? concurrencyPolicy=3 suspend=4:b? ' +
      'jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:i? ' +
      'failedJobsHistoryLimit=7:i?',
    CronJobStatus: 'active=1:core.v1.ObjectReference* lastScheduleTime=4:meta.v1.Time ' +
      'lastSuccessfulTime=5:meta.v1.Time',
    Job: 'metadata=1:meta.v1.ObjectMeta spec=2:JobSpec status=3:JobStatus',
    JobCondition: 'type=1 status=2 lastProbeTime=3:meta.v1.Time lastTransitionTime=4:meta.v1.Time ' +
      'reason=5 message=6',
    JobSpec: 'parallelism=1:i? completions=2:i? activeDeadlineSeconds=3:i? ' +
      'podFailurePolicy=11:PodFailurePolicy successPolicy=16:SuccessPolicy backoffLimit=7:i? ' +
      'backoffLimitPerIndex=12:i? maxFailedIndexes=13:i? selector=4:meta.v1.LabelSelector ' +
      'manualSelector=5:b? template=6:core.v1.PodTemplateSpec ttlSecondsAfterFinished=8:i? ' +
      'completionMode=9? suspend=10:b? podReplacementPolicy=14? managedBy=15?',
    JobStatus: 'conditions=1:JobCondition* startTime=2:meta.v1.Time completionTime=3:meta.v1.Time ' +
      'active=4:i succeeded=5:i failed=6:i terminating=11:i? completedIndexes=7 ' +
      'failedIndexes=10? uncountedTerminatedPods=8:UncountedTerminatedPods ready=9:i?',
    JobTemplateSpec: 'metadata=1:meta.v1.ObjectMeta spec=2:JobSpec',
    PodFailurePolicy: 'rules=1:PodFailurePolicyRule*',
    PodFailurePolicyOnExitCodesRequirement: 'containerName=1? operator=2 values=3:i*',
    PodFailurePolicyOnPodConditionsPattern: 'type=1 status=2',
    PodFailurePolicyRule: 'action=1 onExitCodes=2:PodFailurePolicyOnExitCodesRequirement ' +
      'onPodConditions=3:PodFailurePolicyOnPodConditionsPattern*',
    SuccessPolicy: 'rules=1:SuccessPolicyRule*',
    SuccessPolicyRule: 'succeededIndexes=1? succeededCount=2:i?',
    UncountedTerminatedPods: 'succeeded=1* failed=2*',
  },
  'rbac.v1': {
    AggregationRule: 'clusterRoleSelectors=1:meta.v1.LabelSelector*',
    ClusterRole: 'metadata=1:meta.v1.ObjectMeta rules=2:PolicyRule* aggregationRule=3:AggregationRule',
    ClusterRoleBinding: 'metadata=1:meta.v1.ObjectMeta subjects=2:Subject* roleRef=3:RoleRef',
    PolicyRule: 'verbs=1* apiGroups=2* resources=3* resourceNames=4* nonResourceURLs=5*',
    Role: 'metadata=1:meta.v1.ObjectMeta rules=2:PolicyRule*',
    RoleBinding: 'metadata=1:meta.v1.ObjectMeta subjects=2:Subject* roleRef=3:RoleRef',
    RoleRef: 'apiGroup=1 kind=2 name=3',
    Subject: 'kind=1 apiGroup=2 name=3 namespace=4',
  },
  'policy.v1': {
    PodDisruptionBudget: 'metadata=1:meta.v1.ObjectMeta spec=2:PodDisruptionBudgetSpec ' +
      'status=3:PodDisruptionBudgetStatus',
    PodDisruptionBudgetSpec: 'minAvailable=1:intstr.IntOrString selector=2:meta.v1.LabelSelector ' +
      'maxUnavailable=3:intstr.IntOrString unhealthyPodEvictionPolicy=4?',
    PodDisruptionBudgetStatus: 'observedGeneration=1:i disruptedPods=2:{meta.v1.Time} ' +
      'disruptionsAllowed=3:i currentHealthy=4:i desiredHealthy=5:i ' +
      'expectedPods=6:i conditions=7:meta.v1.Condition*',
  },
  'networking.v1': {
    HTTPIngressPath: 'path=1 pathType=3? backend=2:IngressBackend',
    HTTPIngressRuleValue: 'paths=1:HTTPIngressPath*',
    IPBlock: 'cidr=1 except=2*',
    Ingress: 'metadata=1:meta.v1.ObjectMeta spec=2:IngressSpec status=3:IngressStatus',
    IngressBackend: 'service=4:IngressServiceBackend resource=3:core.v1.TypedLocalObjectReference',
    IngressClass: 'metadata=1:meta.v1.ObjectMeta spec=2:IngressClassSpec',
    IngressClassParametersReference: 'apiGroup=1? kind=2 name=3 scope=4? namespace=5?',
    IngressClassSpec: 'controller=1 parameters=2:IngressClassParametersReference',
    IngressLoadBalancerIngress: 'ip=1 hostname=2 ports=4:IngressPortStatus*',
    IngressLoadBalancerStatus: 'ingress=1:IngressLoadBalancerIngress*',
    IngressPortStatus: 'port=1:i protocol=2 error=3?',
    IngressRule: 'host=1 ...ingressRuleValue=2:IngressRuleValue',
    IngressRuleValue: 'http=1:HTTPIngressRuleValue',
    IngressServiceBackend: 'name=1 port=2:ServiceBackendPort',
    IngressSpec: 'ingressClassName=4? defaultBackend=1:IngressBackend tls=2:IngressTLS* ' +
      'rules=3:IngressRule*',
    IngressStatus: 'loadBalancer=1:IngressLoadBalancerStatus',
    IngressTLS: 'hosts=1* secretName=2',
    NetworkPolicy: 'metadata=1:meta.v1.ObjectMeta spec=2:NetworkPolicySpec',
    NetworkPolicyEgressRule: 'ports=1:NetworkPolicyPort* to=2:NetworkPolicyPeer*',
    NetworkPolicyIngressRule: 'ports=1:NetworkPolicyPort* from=2:NetworkPolicyPeer*',
    NetworkPolicyPeer: 'podSelector=1:meta.v1.LabelSelector namespaceSelector=2:meta.v1.LabelSelector ' +
      'ipBlock=3:IPBlock',
    NetworkPolicyPort: 'protocol=1? port=2:intstr.IntOrString endPort=3:i?',
    NetworkPolicySpec: 'podSelector=1:meta.v1.LabelSelector ingress=2:NetworkPolicyIngressRule* ' +
      'egress=3:NetworkPolicyEgressRule* policyTypes=4*',
    ServiceBackendPort: 'name=1 number=2:i',
  },
  'scheduling.v1': {
    PriorityClass: 'metadata=1:meta.v1.ObjectMeta value=2:i? globalDefault=3:b description=4 ' +
      'preemptionPolicy=5?',
  },
  'autoscaling.v1': {
    CrossVersionObjectReference: 'kind=1 name=2 apiVersion=3',
    HorizontalPodAutoscaler: 'metadata=1:meta.v1.ObjectMeta spec=2:HorizontalPodAutoscalerSpec ' +
      'status=3:HorizontalPodAutoscalerStatus',
    HorizontalPodAutoscalerSpec: 'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i? ' +
      'maxReplicas=3:i targetCPUUtilizationPercentage=4:i?',
    HorizontalPodAutoscalerStatus: 'observedGeneration=1:i? lastScaleTime=2:meta.v1.Time ' +
      'currentReplicas=3:i desiredReplicas=4:i ' +
      'currentCPUUtilizationPercentage=5:i?',
  },
  'autoscaling.v2': {
    ContainerResourceMetricSource: 'name=1 target=2:MetricTarget container=3',
    ContainerResourceMetricStatus: 'name=1 current=2:MetricValueStatus container=3',
    CrossVersionObjectReference: 'kind=1 name=2 apiVersion=3',
    ExternalMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
    ExternalMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
    HPAScalingPolicy: 'type=1 value=2:i periodSeconds=3:i',
    HPAScalingRules: 'stabilizationWindowSeconds=3:i? selectPolicy=1? policies=2:HPAScalingPolicy*',
    HorizontalPodAutoscaler: 'metadata=1:meta.v1.ObjectMeta spec=2:HorizontalPodAutoscalerSpec ' +
      'status=3:HorizontalPodAutoscalerStatus',
    HorizontalPodAutoscalerBehavior: 'scaleUp=1:HPAScalingRules scaleDown=2:HPAScalingRules',
    HorizontalPodAutoscalerCondition: 'type=1 status=2 lastTransitionTime=3:meta.v1.Time reason=4 ' +
      'message=5',
    HorizontalPodAutoscalerSpec: 'scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i? ' +
      'maxReplicas=3:i metrics=4:MetricSpec* ' +
      'behavior=5:HorizontalPodAutoscalerBehavior',
    HorizontalPodAutoscalerStatus: 'observedGeneration=1:i? lastScaleTime=2:meta.v1.Time ' +
      'currentReplicas=3:i desiredReplicas=4:i ' +
      'currentMetrics=5:MetricStatus* ' +
      'conditions=6:HorizontalPodAutoscalerCondition*',
    MetricIdentifier: 'name=1 selector=2:meta.v1.LabelSelector',
    MetricSpec: 'type=1 object=2:ObjectMetricSource pods=3:PodsMetricSource ' +
      'resource=4:ResourceMetricSource containerResource=7:ContainerResourceMetricSource ' +
      'external=5:ExternalMetricSource',
    MetricStatus: 'type=1 object=2:ObjectMetricStatus pods=3:PodsMetricStatus ' +
      'resource=4:ResourceMetricStatus containerResource=7:ContainerResourceMetricStatus ' +
      'external=5:ExternalMetricStatus',
    MetricTarget: 'type=1 value=2:resource.Quantity averageValue=3:resource.Quantity ' +
      'averageUtilization=4:i?',
    MetricValueStatus: 'value=1:resource.Quantity averageValue=2:resource.Quantity ' +
      'averageUtilization=3:i?',
    ObjectMetricSource: 'describedObject=1:CrossVersionObjectReference target=2:MetricTarget ' +
      'metric=3:MetricIdentifier',
    ObjectMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus ' +
      'describedObject=3:CrossVersionObjectReference',
    PodsMetricSource: 'metric=1:MetricIdentifier target=2:MetricTarget',
    PodsMetricStatus: 'metric=1:MetricIdentifier current=2:MetricValueStatus',
    ResourceMetricSource: 'name=1 target=2:MetricTarget',
    ResourceMetricStatus: 'name=1 current=2:MetricValueStatus',
  },
  'storage.v1': {
    StorageClass: 'metadata=1:meta.v1.ObjectMeta provisioner=2 parameters=3:{} reclaimPolicy=4? ' +
      'mountOptions=5* allowVolumeExpansion=6:b? volumeBindingMode=7? ' +
      'allowedTopologies=8:core.v1.TopologySelectorTerm*',
  },
  'discovery.v1': {
    Endpoint: 'addresses=1* conditions=2:EndpointConditions hostname=3? ' +
      'targetRef=4:core.v1.ObjectReference deprecatedTopology=5:{} nodeName=6? zone=7? ' +
      'hints=8:EndpointHints',
    EndpointConditions: 'ready=1:b? serving=2:b? terminating=3:b?',
    EndpointHints: 'forZones=1:ForZone*',
    EndpointPort: 'name=1? protocol=2? port=3:i? appProtocol=4?',
    EndpointSlice: 'metadata=1:meta.v1.ObjectMeta addressType=4 endpoints=2:Endpoint* ' +
      'ports=3:EndpointPort*',
    ForZone: 'name=1',
  },
  'coordination.v1': {
    Lease: 'metadata=1:meta.v1.ObjectMeta spec=2:LeaseSpec',
    LeaseSpec: 'holderIdentity=1? leaseDurationSeconds=2:i? acquireTime=3:meta.v1.MicroTime ' +
      'renewTime=4:meta.v1.MicroTime leaseTransitions=5:i? strategy=6? preferredHolder=7?',
  },
};
