// Protobuf field numbers of the core/v1 messages, as upstream k8s.io/api generated.proto
// (Kubernetes 1.32) numbers them: every message reachable from the served core kinds. Data
// only; schema.ts explains the notation and decode.ts reads it.

/** core/v1 message schemas in the notation of schema.ts. */
export const CORE_MESSAGES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'core.v1': {
    AWSElasticBlockStoreVolumeSource: 'volumeID=1 fsType=2 partition=3:i readOnly=4:b',
    Affinity: 'nodeAffinity=1:NodeAffinity podAffinity=2:PodAffinity podAntiAffinity=3:PodAntiAffinity',
    AppArmorProfile: 'type=1 localhostProfile=2?',
    AttachedVolume: 'name=1 devicePath=2',
    AzureDiskVolumeSource: 'diskName=1 diskURI=2 cachingMode=3? fsType=4? readOnly=5:b? kind=6?',
    AzureFilePersistentVolumeSource: 'secretName=1 shareName=2 readOnly=3:b secretNamespace=4?',
    AzureFileVolumeSource: 'secretName=1 shareName=2 readOnly=3:b',
    CSIPersistentVolumeSource: 'driver=1 volumeHandle=2 readOnly=3:b fsType=4 volumeAttributes=5:{} ' +
      'controllerPublishSecretRef=6:SecretReference ' +
      'nodeStageSecretRef=7:SecretReference ' +
      'nodePublishSecretRef=8:SecretReference ' +
      'controllerExpandSecretRef=9:SecretReference ' +
      'nodeExpandSecretRef=10:SecretReference',
    CSIVolumeSource: 'driver=1 readOnly=2:b? fsType=3? volumeAttributes=4:{} ' +
      'nodePublishSecretRef=5:LocalObjectReference',
    Capabilities: 'add=1* drop=2*',
    CephFSPersistentVolumeSource: 'monitors=1* path=2 user=3 secretFile=4 secretRef=5:SecretReference ' +
      'readOnly=6:b',
    CephFSVolumeSource: 'monitors=1* path=2 user=3 secretFile=4 secretRef=5:LocalObjectReference ' +
      'readOnly=6:b',
    CinderPersistentVolumeSource: 'volumeID=1 fsType=2 readOnly=3:b secretRef=4:SecretReference',
    CinderVolumeSource: 'volumeID=1 fsType=2 readOnly=3:b secretRef=4:LocalObjectReference',
    ClientIPConfig: 'timeoutSeconds=1:i?',
    ClusterTrustBundleProjection: 'name=1? signerName=2? labelSelector=3:meta.v1.LabelSelector ' +
      'optional=5:b? path=4',
    ConfigMap: 'metadata=1:meta.v1.ObjectMeta immutable=4:b? data=2:{} binaryData=3:{y}',
    ConfigMapEnvSource: '...localObjectReference=1:LocalObjectReference optional=2:b?',
    ConfigMapKeySelector: '...localObjectReference=1:LocalObjectReference key=2 optional=3:b?',
    ConfigMapNodeConfigSource: 'namespace=1 name=2 uid=3 resourceVersion=4 kubeletConfigKey=5',
    ConfigMapProjection: '...localObjectReference=1:LocalObjectReference items=2:KeyToPath* ' +
      'optional=4:b?',
    ConfigMapVolumeSource: '...localObjectReference=1:LocalObjectReference items=2:KeyToPath* ' +
      'defaultMode=3:i? optional=4:b?',
    Container: 'name=1 image=2 command=3* args=4* workingDir=5 ports=6:ContainerPort* ' +
      'envFrom=19:EnvFromSource* env=7:EnvVar* resources=8:ResourceRequirements ' +
      'resizePolicy=23:ContainerResizePolicy* restartPolicy=24? volumeMounts=9:VolumeMount* ' +
      'volumeDevices=21:VolumeDevice* livenessProbe=10:Probe readinessProbe=11:Probe ' +
      'startupProbe=22:Probe lifecycle=12:Lifecycle terminationMessagePath=13 ' +
      'terminationMessagePolicy=20 imagePullPolicy=14 securityContext=15:SecurityContext ' +
      'stdin=16:b stdinOnce=17:b tty=18:b',
    ContainerImage: 'names=1* sizeBytes=2:i',
    ContainerPort: 'name=1 hostPort=2:i containerPort=3:i protocol=4 hostIP=5',
    ContainerResizePolicy: 'resourceName=1 restartPolicy=2',
    ContainerState: 'waiting=1:ContainerStateWaiting running=2:ContainerStateRunning ' +
      'terminated=3:ContainerStateTerminated',
    ContainerStateRunning: 'startedAt=1:meta.v1.Time',
    ContainerStateTerminated: 'exitCode=1:i signal=2:i reason=3 message=4 startedAt=5:meta.v1.Time ' +
      'finishedAt=6:meta.v1.Time containerID=7',
    ContainerStateWaiting: 'reason=1 message=2',
    ContainerStatus: 'name=1 state=2:ContainerState lastState=3:ContainerState ready=4:b ' +
      'restartCount=5:i image=6 imageID=7 containerID=8 started=9:b? ' +
      'allocatedResources=10:{resource.Quantity} resources=11:ResourceRequirements ' +
      'volumeMounts=12:VolumeMountStatus* user=13:ContainerUser ' +
      'allocatedResourcesStatus=14:ResourceStatus*',
    ContainerUser: 'linux=1:LinuxContainerUser',
    DaemonEndpoint: 'Port=1:i',
    DownwardAPIProjection: 'items=1:DownwardAPIVolumeFile*',
    DownwardAPIVolumeFile: 'path=1 fieldRef=2:ObjectFieldSelector ' +
      'resourceFieldRef=3:ResourceFieldSelector mode=4:i?',
    DownwardAPIVolumeSource: 'items=1:DownwardAPIVolumeFile* defaultMode=2:i?',
    EmptyDirVolumeSource: 'medium=1 sizeLimit=2:resource.Quantity',
    EndpointAddress: 'ip=1 hostname=3 nodeName=4? targetRef=2:ObjectReference',
    EndpointPort: 'name=1 port=2:i protocol=3 appProtocol=4?',
    EndpointSubset: 'addresses=1:EndpointAddress* notReadyAddresses=2:EndpointAddress* ' +
      'ports=3:EndpointPort*',
    Endpoints: 'metadata=1:meta.v1.ObjectMeta subsets=2:EndpointSubset*',
    EnvFromSource: 'prefix=1 configMapRef=2:ConfigMapEnvSource secretRef=3:SecretEnvSource',
    EnvVar: 'name=1 value=2 valueFrom=3:EnvVarSource',
    EnvVarSource: 'fieldRef=1:ObjectFieldSelector resourceFieldRef=2:ResourceFieldSelector ' +
      'configMapKeyRef=3:ConfigMapKeySelector secretKeyRef=4:SecretKeySelector',
    EphemeralContainer: '...ephemeralContainerCommon=1:EphemeralContainerCommon targetContainerName=2',
    EphemeralContainerCommon: 'name=1 image=2 command=3* args=4* workingDir=5 ports=6:ContainerPort* ' +
      'envFrom=19:EnvFromSource* env=7:EnvVar* ' +
      'resources=8:ResourceRequirements resizePolicy=23:ContainerResizePolicy* ' +
      'restartPolicy=24? volumeMounts=9:VolumeMount* ' +
      'volumeDevices=21:VolumeDevice* livenessProbe=10:Probe ' +
      'readinessProbe=11:Probe startupProbe=22:Probe lifecycle=12:Lifecycle ' +
      'terminationMessagePath=13 terminationMessagePolicy=20 ' +
      'imagePullPolicy=14 securityContext=15:SecurityContext stdin=16:b ' +
      'stdinOnce=17:b tty=18:b',
    EphemeralVolumeSource: 'volumeClaimTemplate=1:PersistentVolumeClaimTemplate',
    Event: 'metadata=1:meta.v1.ObjectMeta involvedObject=2:ObjectReference reason=3 message=4 ' +
      'source=5:EventSource firstTimestamp=6:meta.v1.Time lastTimestamp=7:meta.v1.Time count=8:i ' +
      'type=9 eventTime=10:meta.v1.MicroTime series=11:EventSeries action=12 ' +
      'related=13:ObjectReference reportingComponent=14 reportingInstance=15',
    EventSeries: 'count=1:i lastObservedTime=2:meta.v1.MicroTime',
    EventSource: 'component=1 host=2',
    ExecAction: 'command=1*',
    FCVolumeSource: 'targetWWNs=1* lun=2:i? fsType=3 readOnly=4:b wwids=5*',
    FlexPersistentVolumeSource: 'driver=1 fsType=2 secretRef=3:SecretReference readOnly=4:b ' +
      'options=5:{}',
    FlexVolumeSource: 'driver=1 fsType=2 secretRef=3:LocalObjectReference readOnly=4:b options=5:{}',
    FlockerVolumeSource: 'datasetName=1 datasetUUID=2',
    GCEPersistentDiskVolumeSource: 'pdName=1 fsType=2 partition=3:i readOnly=4:b',
    GRPCAction: 'port=1:i service=2?',
    GitRepoVolumeSource: 'repository=1 revision=2 directory=3',
    GlusterfsPersistentVolumeSource: 'endpoints=1 path=2 readOnly=3:b endpointsNamespace=4?',
    GlusterfsVolumeSource: 'endpoints=1 path=2 readOnly=3:b',
    HTTPGetAction: 'path=1 port=2:intstr.IntOrString host=3 scheme=4 httpHeaders=5:HTTPHeader*',
    HTTPHeader: 'name=1 value=2',
    HostAlias: 'ip=1 hostnames=2*',
    HostIP: 'ip=1',
    HostPathVolumeSource: 'path=1 type=2?',
    ISCSIPersistentVolumeSource: 'targetPortal=1 iqn=2 lun=3:i iscsiInterface=4 fsType=5 readOnly=6:b ' +
      'portals=7* chapAuthDiscovery=8:b chapAuthSession=11:b ' +
      'secretRef=10:SecretReference initiatorName=12?',
    ISCSIVolumeSource: 'targetPortal=1 iqn=2 lun=3:i iscsiInterface=4 fsType=5 readOnly=6:b portals=7* ' +
      'chapAuthDiscovery=8:b chapAuthSession=11:b secretRef=10:LocalObjectReference ' +
      'initiatorName=12?',
    ImageVolumeSource: 'reference=1 pullPolicy=2',
    KeyToPath: 'key=1 path=2 mode=3:i?',
    Lifecycle: 'postStart=1:LifecycleHandler preStop=2:LifecycleHandler',
    LifecycleHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction ' +
      'sleep=4:SleepAction',
    LimitRange: 'metadata=1:meta.v1.ObjectMeta spec=2:LimitRangeSpec',
    LimitRangeItem: 'type=1 max=2:{resource.Quantity} min=3:{resource.Quantity} ' +
      'default=4:{resource.Quantity} defaultRequest=5:{resource.Quantity} ' +
      'maxLimitRequestRatio=6:{resource.Quantity}',
    LimitRangeSpec: 'limits=1:LimitRangeItem*',
    LinuxContainerUser: 'uid=1:i gid=2:i supplementalGroups=3:i*',
    LoadBalancerIngress: 'ip=1 hostname=2 ipMode=3? ports=4:PortStatus*',
    LoadBalancerStatus: 'ingress=1:LoadBalancerIngress*',
    LocalObjectReference: 'name=1',
    LocalVolumeSource: 'path=1 fsType=2?',
    ModifyVolumeStatus: 'targetVolumeAttributesClassName=1 status=2',
    NFSVolumeSource: 'server=1 path=2 readOnly=3:b',
    Namespace: 'metadata=1:meta.v1.ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
    NamespaceCondition: 'type=1 status=2 lastTransitionTime=4:meta.v1.Time reason=5 message=6',
    NamespaceSpec: 'finalizers=1*',
    NamespaceStatus: 'phase=1 conditions=2:NamespaceCondition*',
    Node: 'metadata=1:meta.v1.ObjectMeta spec=2:NodeSpec status=3:NodeStatus',
    NodeAddress: 'type=1 address=2',
    NodeAffinity: 'requiredDuringSchedulingIgnoredDuringExecution=1:NodeSelector ' +
      'preferredDuringSchedulingIgnoredDuringExecution=2:PreferredSchedulingTerm*',
    NodeCondition: 'type=1 status=2 lastHeartbeatTime=3:meta.v1.Time lastTransitionTime=4:meta.v1.Time ' +
      'reason=5 message=6',
    NodeConfigSource: 'configMap=2:ConfigMapNodeConfigSource',
    NodeConfigStatus: 'assigned=1:NodeConfigSource active=2:NodeConfigSource ' +
      'lastKnownGood=3:NodeConfigSource error=4',
    NodeDaemonEndpoints: 'kubeletEndpoint=1:DaemonEndpoint',
    NodeFeatures: 'supplementalGroupsPolicy=1:b?',
    NodeRuntimeHandler: 'name=1 features=2:NodeRuntimeHandlerFeatures',
    NodeRuntimeHandlerFeatures: 'recursiveReadOnlyMounts=1:b? userNamespaces=2:b?',
    NodeSelector: 'nodeSelectorTerms=1:NodeSelectorTerm*',
    NodeSelectorRequirement: 'key=1 operator=2 values=3*',
    NodeSelectorTerm: 'matchExpressions=1:NodeSelectorRequirement* ' +
      'matchFields=2:NodeSelectorRequirement*',
    NodeSpec: 'podCIDR=1 podCIDRs=7* providerID=3 unschedulable=4:b taints=5:Taint* ' +
      'configSource=6:NodeConfigSource externalID=2',
    NodeStatus: 'capacity=1:{resource.Quantity} allocatable=2:{resource.Quantity} phase=3 ' +
      'conditions=4:NodeCondition* addresses=5:NodeAddress* ' +
      'daemonEndpoints=6:NodeDaemonEndpoints nodeInfo=7:NodeSystemInfo ' +
      'images=8:ContainerImage* volumesInUse=9* volumesAttached=10:AttachedVolume* ' +
      'config=11:NodeConfigStatus runtimeHandlers=12:NodeRuntimeHandler* ' +
      'features=13:NodeFeatures',
    NodeSystemInfo: 'machineID=1 systemUUID=2 bootID=3 kernelVersion=4 osImage=5 ' +
      'containerRuntimeVersion=6 kubeletVersion=7 kubeProxyVersion=8 operatingSystem=9 ' +
      'architecture=10',
    ObjectFieldSelector: 'apiVersion=1 fieldPath=2',
    ObjectReference: 'kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7',
    PersistentVolume: 'metadata=1:meta.v1.ObjectMeta spec=2:PersistentVolumeSpec ' +
      'status=3:PersistentVolumeStatus',
    PersistentVolumeClaim: 'metadata=1:meta.v1.ObjectMeta spec=2:PersistentVolumeClaimSpec ' +
      'status=3:PersistentVolumeClaimStatus',
    PersistentVolumeClaimCondition: 'type=1 status=2 lastProbeTime=3:meta.v1.Time ' +
      'lastTransitionTime=4:meta.v1.Time reason=5 message=6',
    PersistentVolumeClaimSpec: 'accessModes=1* selector=4:meta.v1.LabelSelector ' +
      'resources=2:VolumeResourceRequirements volumeName=3 ' +
      'storageClassName=5? volumeMode=6? ' +
      'dataSource=7:TypedLocalObjectReference ' +
      'dataSourceRef=8:TypedObjectReference volumeAttributesClassName=9?',
    PersistentVolumeClaimStatus: 'phase=1 accessModes=2* capacity=3:{resource.Quantity} ' +
      'conditions=4:PersistentVolumeClaimCondition* ' +
      'allocatedResources=5:{resource.Quantity} ' +
      'allocatedResourceStatuses=7:{} currentVolumeAttributesClassName=8? ' +
      'modifyVolumeStatus=9:ModifyVolumeStatus',
    PersistentVolumeClaimTemplate: 'metadata=1:meta.v1.ObjectMeta spec=2:PersistentVolumeClaimSpec',
    PersistentVolumeClaimVolumeSource: 'claimName=1 readOnly=2:b',
    PersistentVolumeSource: 'gcePersistentDisk=1:GCEPersistentDiskVolumeSource ' +
      'awsElasticBlockStore=2:AWSElasticBlockStoreVolumeSource ' +
      'hostPath=3:HostPathVolumeSource ' +
      'glusterfs=4:GlusterfsPersistentVolumeSource nfs=5:NFSVolumeSource ' +
      'rbd=6:RBDPersistentVolumeSource iscsi=7:ISCSIPersistentVolumeSource ' +
      'cinder=8:CinderPersistentVolumeSource ' +
      'cephfs=9:CephFSPersistentVolumeSource fc=10:FCVolumeSource ' +
      'flocker=11:FlockerVolumeSource flexVolume=12:FlexPersistentVolumeSource ' +
      'azureFile=13:AzureFilePersistentVolumeSource ' +
      'vsphereVolume=14:VsphereVirtualDiskVolumeSource ' +
      'quobyte=15:QuobyteVolumeSource azureDisk=16:AzureDiskVolumeSource ' +
      'photonPersistentDisk=17:PhotonPersistentDiskVolumeSource ' +
      'portworxVolume=18:PortworxVolumeSource ' +
      'scaleIO=19:ScaleIOPersistentVolumeSource local=20:LocalVolumeSource ' +
      'storageos=21:StorageOSPersistentVolumeSource ' +
      'csi=22:CSIPersistentVolumeSource',
    PersistentVolumeSpec: 'capacity=1:{resource.Quantity} ' +
      '...persistentVolumeSource=2:PersistentVolumeSource accessModes=3* ' +
      'claimRef=4:ObjectReference persistentVolumeReclaimPolicy=5 ' +
      'storageClassName=6 mountOptions=7* volumeMode=8? ' +
      'nodeAffinity=9:VolumeNodeAffinity volumeAttributesClassName=10?',
    PersistentVolumeStatus: 'phase=1 message=2 reason=3 lastPhaseTransitionTime=4:meta.v1.Time',
    PhotonPersistentDiskVolumeSource: 'pdID=1 fsType=2',
    Pod: 'metadata=1:meta.v1.ObjectMeta spec=2:PodSpec status=3:PodStatus',
    PodAffinity: 'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm* ' +
      'preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*',
    PodAffinityTerm: 'labelSelector=1:meta.v1.LabelSelector namespaces=2* topologyKey=3 ' +
      'namespaceSelector=4:meta.v1.LabelSelector matchLabelKeys=5* mismatchLabelKeys=6*',
    PodAntiAffinity: 'requiredDuringSchedulingIgnoredDuringExecution=1:PodAffinityTerm* ' +
      'preferredDuringSchedulingIgnoredDuringExecution=2:WeightedPodAffinityTerm*',
    PodCondition: 'type=1 status=2 lastProbeTime=3:meta.v1.Time lastTransitionTime=4:meta.v1.Time ' +
      'reason=5 message=6',
    PodDNSConfig: 'nameservers=1* searches=2* options=3:PodDNSConfigOption*',
    PodDNSConfigOption: 'name=1 value=2?',
    PodIP: 'ip=1',
    PodOS: 'name=1',
    PodReadinessGate: 'conditionType=1',
    PodResourceClaim: 'name=1 resourceClaimName=3? resourceClaimTemplateName=4?',
    PodResourceClaimStatus: 'name=1 resourceClaimName=2?',
    PodSchedulingGate: 'name=1',
    PodSecurityContext: 'seLinuxOptions=1:SELinuxOptions ' +
      'windowsOptions=8:WindowsSecurityContextOptions runAsUser=2:i? runAsGroup=6:i? ' +
      'runAsNonRoot=3:b? supplementalGroups=4:i* supplementalGroupsPolicy=12? ' +
      'fsGroup=5:i? sysctls=7:Sysctl* fsGroupChangePolicy=9? ' +
      'seccompProfile=10:SeccompProfile appArmorProfile=11:AppArmorProfile ' +
      'seLinuxChangePolicy=13?',
    PodSpec: 'volumes=1:Volume* initContainers=20:Container* containers=2:Container* ' +
      'ephemeralContainers=34:EphemeralContainer* restartPolicy=3 ' +
      'terminationGracePeriodSeconds=4:i? activeDeadlineSeconds=5:i? dnsPolicy=6 ' +
      'nodeSelector=7:{} serviceAccountName=8 serviceAccount=9 ' +
      'automountServiceAccountToken=21:b? nodeName=10 hostNetwork=11:b hostPID=12:b ' +
      'hostIPC=13:b shareProcessNamespace=27:b? securityContext=14:PodSecurityContext ' +
      'imagePullSecrets=15:LocalObjectReference* hostname=16 subdomain=17 affinity=18:Affinity ' +
      'schedulerName=19 tolerations=22:Toleration* hostAliases=23:HostAlias* ' +
      'priorityClassName=24 priority=25:i? dnsConfig=26:PodDNSConfig ' +
      'readinessGates=28:PodReadinessGate* runtimeClassName=29? enableServiceLinks=30:b? ' +
      'preemptionPolicy=31? overhead=32:{resource.Quantity} ' +
      'topologySpreadConstraints=33:TopologySpreadConstraint* setHostnameAsFQDN=35:b? ' +
      'os=36:PodOS hostUsers=37:b? schedulingGates=38:PodSchedulingGate* ' +
      'resourceClaims=39:PodResourceClaim* resources=40:ResourceRequirements',
    PodStatus: 'phase=1 conditions=2:PodCondition* message=3 reason=4 nominatedNodeName=11 hostIP=5 ' +
      'hostIPs=16:HostIP* podIP=6 podIPs=12:PodIP* startTime=7:meta.v1.Time ' +
      'initContainerStatuses=10:ContainerStatus* containerStatuses=8:ContainerStatus* ' +
      'qosClass=9 ephemeralContainerStatuses=13:ContainerStatus* resize=14 ' +
      'resourceClaimStatuses=15:PodResourceClaimStatus*',
    PodTemplateSpec: 'metadata=1:meta.v1.ObjectMeta spec=2:PodSpec',
    PortStatus: 'port=1:i protocol=2 error=3?',
    PortworxVolumeSource: 'volumeID=1 fsType=2 readOnly=3:b',
    PreferredSchedulingTerm: 'weight=1:i preference=2:NodeSelectorTerm',
    Probe: '...handler=1:ProbeHandler initialDelaySeconds=2:i timeoutSeconds=3:i periodSeconds=4:i ' +
      'successThreshold=5:i failureThreshold=6:i terminationGracePeriodSeconds=7:i?',
    ProbeHandler: 'exec=1:ExecAction httpGet=2:HTTPGetAction tcpSocket=3:TCPSocketAction ' +
      'grpc=4:GRPCAction',
    ProjectedVolumeSource: 'sources=1:VolumeProjection* defaultMode=2:i?',
    QuobyteVolumeSource: 'registry=1 volume=2 readOnly=3:b user=4 group=5 tenant=6',
    RBDPersistentVolumeSource: 'monitors=1* image=2 fsType=3 pool=4 user=5 keyring=6 ' +
      'secretRef=7:SecretReference readOnly=8:b',
    RBDVolumeSource: 'monitors=1* image=2 fsType=3 pool=4 user=5 keyring=6 ' +
      'secretRef=7:LocalObjectReference readOnly=8:b',
    ReplicationController: 'metadata=1:meta.v1.ObjectMeta spec=2:ReplicationControllerSpec ' +
      'status=3:ReplicationControllerStatus',
    ReplicationControllerCondition: 'type=1 status=2 lastTransitionTime=3:meta.v1.Time reason=4 ' +
      'message=5',
    ReplicationControllerSpec: 'replicas=1:i? minReadySeconds=4:i selector=2:{} ' +
      'template=3:PodTemplateSpec',
    ReplicationControllerStatus: 'replicas=1:i fullyLabeledReplicas=2:i readyReplicas=4:i ' +
      'availableReplicas=5:i observedGeneration=3:i ' +
      'conditions=6:ReplicationControllerCondition*',
    ResourceClaim: 'name=1 request=2',
    ResourceFieldSelector: 'containerName=1 resource=2 divisor=3:resource.Quantity',
    ResourceHealth: 'resourceID=1 health=2',
    ResourceQuota: 'metadata=1:meta.v1.ObjectMeta spec=2:ResourceQuotaSpec ' +
      'status=3:ResourceQuotaStatus',
    ResourceQuotaSpec: 'hard=1:{resource.Quantity} scopes=2* scopeSelector=3:ScopeSelector',
    ResourceQuotaStatus: 'hard=1:{resource.Quantity} used=2:{resource.Quantity}',
    ResourceRequirements: 'limits=1:{resource.Quantity} requests=2:{resource.Quantity} ' +
      'claims=3:ResourceClaim*',
    ResourceStatus: 'name=1 resources=2:ResourceHealth*',
    SELinuxOptions: 'user=1 role=2 type=3 level=4',
    ScaleIOPersistentVolumeSource: 'gateway=1 system=2 secretRef=3:SecretReference sslEnabled=4:b ' +
      'protectionDomain=5 storagePool=6 storageMode=7 volumeName=8 ' +
      'fsType=9 readOnly=10:b',
    ScaleIOVolumeSource: 'gateway=1 system=2 secretRef=3:LocalObjectReference sslEnabled=4:b ' +
      'protectionDomain=5 storagePool=6 storageMode=7 volumeName=8 fsType=9 ' +
      'readOnly=10:b',
    ScopeSelector: 'matchExpressions=1:ScopedResourceSelectorRequirement*',
    ScopedResourceSelectorRequirement: 'scopeName=1 operator=2 values=3*',
    SeccompProfile: 'type=1 localhostProfile=2?',
    Secret: 'metadata=1:meta.v1.ObjectMeta immutable=5:b? data=2:{y} stringData=4:{} type=3',
    SecretEnvSource: '...localObjectReference=1:LocalObjectReference optional=2:b?',
    SecretKeySelector: '...localObjectReference=1:LocalObjectReference key=2 optional=3:b?',
    SecretProjection: '...localObjectReference=1:LocalObjectReference items=2:KeyToPath* optional=4:b?',
    SecretReference: 'name=1 namespace=2',
    SecretVolumeSource: 'secretName=1 items=2:KeyToPath* defaultMode=3:i? optional=4:b?',
    SecurityContext: 'capabilities=1:Capabilities privileged=2:b? seLinuxOptions=3:SELinuxOptions ' +
      'windowsOptions=10:WindowsSecurityContextOptions runAsUser=4:i? runAsGroup=8:i? ' +
      'runAsNonRoot=5:b? readOnlyRootFilesystem=6:b? allowPrivilegeEscalation=7:b? ' +
      'procMount=9? seccompProfile=11:SeccompProfile appArmorProfile=12:AppArmorProfile',
    Service: 'metadata=1:meta.v1.ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
    ServiceAccount: 'metadata=1:meta.v1.ObjectMeta secrets=2:ObjectReference* ' +
      'imagePullSecrets=3:LocalObjectReference* automountServiceAccountToken=4:b?',
    ServiceAccountTokenProjection: 'audience=1 expirationSeconds=2:i? path=3',
    ServicePort: 'name=1 protocol=2 appProtocol=6? port=3:i targetPort=4:intstr.IntOrString ' +
      'nodePort=5:i',
    ServiceSpec: 'ports=1:ServicePort* selector=2:{} clusterIP=3 clusterIPs=18* type=4 externalIPs=5* ' +
      'sessionAffinity=7 loadBalancerIP=8 loadBalancerSourceRanges=9* externalName=10 ' +
      'externalTrafficPolicy=11 healthCheckNodePort=12:i publishNotReadyAddresses=13:b ' +
      'sessionAffinityConfig=14:SessionAffinityConfig ipFamilies=19* ipFamilyPolicy=17? ' +
      'allocateLoadBalancerNodePorts=20:b? loadBalancerClass=21? internalTrafficPolicy=22? ' +
      'trafficDistribution=23?',
    ServiceStatus: 'loadBalancer=1:LoadBalancerStatus conditions=2:meta.v1.Condition*',
    SessionAffinityConfig: 'clientIP=1:ClientIPConfig',
    SleepAction: 'seconds=1:i',
    StorageOSPersistentVolumeSource: 'volumeName=1 volumeNamespace=2 fsType=3 readOnly=4:b ' +
      'secretRef=5:ObjectReference',
    StorageOSVolumeSource: 'volumeName=1 volumeNamespace=2 fsType=3 readOnly=4:b ' +
      'secretRef=5:LocalObjectReference',
    Sysctl: 'name=1 value=2',
    TCPSocketAction: 'port=1:intstr.IntOrString host=2',
    Taint: 'key=1 value=2 effect=3 timeAdded=4:meta.v1.Time',
    Toleration: 'key=1 operator=2 value=3 effect=4 tolerationSeconds=5:i?',
    TopologySelectorLabelRequirement: 'key=1 values=2*',
    TopologySelectorTerm: 'matchLabelExpressions=1:TopologySelectorLabelRequirement*',
    TopologySpreadConstraint: 'maxSkew=1:i topologyKey=2 whenUnsatisfiable=3 ' +
      'labelSelector=4:meta.v1.LabelSelector minDomains=5:i? ' +
      'nodeAffinityPolicy=6? nodeTaintsPolicy=7? matchLabelKeys=8*',
    TypedLocalObjectReference: 'apiGroup=1? kind=2 name=3',
    TypedObjectReference: 'apiGroup=1? kind=2 name=3 namespace=4?',
    Volume: 'name=1 ...volumeSource=2:VolumeSource',
    VolumeDevice: 'name=1 devicePath=2',
    VolumeMount: 'name=1 readOnly=2:b recursiveReadOnly=7? mountPath=3 subPath=4 mountPropagation=5? ' +
      'subPathExpr=6',
    VolumeMountStatus: 'name=1 mountPath=2 readOnly=3:b recursiveReadOnly=4?',
    VolumeNodeAffinity: 'required=1:NodeSelector',
    VolumeProjection: 'secret=1:SecretProjection downwardAPI=2:DownwardAPIProjection ' +
      'configMap=3:ConfigMapProjection ' +
      'serviceAccountToken=4:ServiceAccountTokenProjection ' +
      'clusterTrustBundle=5:ClusterTrustBundleProjection',
    VolumeResourceRequirements: 'limits=1:{resource.Quantity} requests=2:{resource.Quantity}',
    VolumeSource: 'hostPath=1:HostPathVolumeSource emptyDir=2:EmptyDirVolumeSource ' +
      'gcePersistentDisk=3:GCEPersistentDiskVolumeSource ' +
      'awsElasticBlockStore=4:AWSElasticBlockStoreVolumeSource ' +
      'gitRepo=5:GitRepoVolumeSource secret=6:SecretVolumeSource nfs=7:NFSVolumeSource ' +
      'iscsi=8:ISCSIVolumeSource glusterfs=9:GlusterfsVolumeSource ' +
      'persistentVolumeClaim=10:PersistentVolumeClaimVolumeSource rbd=11:RBDVolumeSource ' +
      'flexVolume=12:FlexVolumeSource cinder=13:CinderVolumeSource ' +
      'cephfs=14:CephFSVolumeSource flocker=15:FlockerVolumeSource ' +
      'downwardAPI=16:DownwardAPIVolumeSource fc=17:FCVolumeSource ' +
      'azureFile=18:AzureFileVolumeSource configMap=19:ConfigMapVolumeSource ' +
      'vsphereVolume=20:VsphereVirtualDiskVolumeSource quobyte=21:QuobyteVolumeSource ' +
      'azureDisk=22:AzureDiskVolumeSource ' +
      'photonPersistentDisk=23:PhotonPersistentDiskVolumeSource ' +
      'projected=26:ProjectedVolumeSource portworxVolume=24:PortworxVolumeSource ' +
      'scaleIO=25:ScaleIOVolumeSource storageos=27:StorageOSVolumeSource ' +
      'csi=28:CSIVolumeSource ephemeral=29:EphemeralVolumeSource ' +
      'image=30:ImageVolumeSource',
    VsphereVirtualDiskVolumeSource: 'volumePath=1 fsType=2 storagePolicyName=3 storagePolicyID=4',
    WeightedPodAffinityTerm: 'weight=1:i podAffinityTerm=2:PodAffinityTerm',
    WindowsSecurityContextOptions: 'gmsaCredentialSpecName=1? gmsaCredentialSpec=2? runAsUserName=3? ' +
      'hostProcess=4:b?',
  },
};
