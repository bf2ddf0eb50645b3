/**
 * en-US strings for the scope checkboxes of the `human` dialog shape (and the captions of `mui`), as a
 * product's i18n file holds them: written by people over several releases, so the wordings follow no one
 * formula ("Read Inputs" but "View Models", "Write Annotations" but "Create Concepts", "Add Inputs to an
 * App" after the 2019 portal, "Predict on Public and Custom Models" and "Search across Inputs" after the
 * old docs' basic rows). Each string stands for exactly one scope and no two are the same.
 *
 * Exported so tests can check that the extension's own table of human labels covers every wording the
 * sandbox shows. The extension must never import this file: it has to know real wordings itself.
 * Scopes missing here are shown with a made-up wording and the scope in the box's `value` (see
 * HumanKeyDialog.tsx); a unit test fails when the catalogue has an exposed scope this table lacks.
 */

/** Scope → label text, exactly as the `human` shape renders it. */
export const HUMAN_LABELS: Readonly<Record<string, string>> = {
  // --- general
  All: 'All scopes',
  Predict: 'Predict on Public and Custom Models',
  Search: 'Search across Inputs',

  // --- data
  'Inputs:Add': 'Add Inputs to an App',
  'Inputs:Get': 'Read Inputs',
  'Inputs:Patch': 'Edit Inputs',
  'Inputs:Delete': 'Delete Inputs',
  'Annotations:Add': 'Write Annotations',
  'Annotations:Get': 'Read Annotations',
  'Annotations:Patch': 'Edit Annotations',
  'Annotations:Delete': 'Remove Annotations from Inputs',
  'AnnotationTracks:Get': 'Read Annotation Tracks',
  'AnnotationTracks:Add': 'Write Annotation Tracks',
  'AnnotationTracks:Delete': 'Delete Annotation Tracks',
  'Concepts:Add': 'Create Concepts',
  'Concepts:Get': 'View Concepts',
  'Concepts:Patch': 'Rename Concepts',
  'Datasets:Get': 'Read Datasets',
  'Datasets:Add': 'Write Datasets',
  'Datasets:Delete': 'Delete Datasets',
  'Uploads:Get': 'View Uploads',
  'Uploads:Add': 'Upload Files',
  'Uploads:Delete': 'Delete Uploads',
  'BulkOperation:Add': 'Run Bulk Operations',
  'BulkOperation:Get': 'View Bulk Operations',
  'BulkOperation:Delete': 'Cancel Bulk Operations',
  'SavedSearch:Get': 'View Saved Searches',
  'SavedSearch:Add': 'Save Searches',
  'SavedSearch:Delete': 'Delete Saved Searches',
  'Collectors:Add': 'Create Collectors',
  'Collectors:Get': 'View Collectors',
  'Collectors:Delete': 'Delete Collectors',

  // --- labeling
  'Tasks:Add': 'Create Labeling Tasks',
  'Tasks:Get': 'View Labeling Tasks',
  'Tasks:Delete': 'Delete Labeling Tasks',
  'LabelOrders:Get': 'View Label Orders',
  'LabelOrders:Add': 'Order Labels',
  'LabelOrders:Delete': 'Cancel Label Orders',
  'FindDuplicateAnnotationsJobs:Add': 'Start Duplicate Annotation Searches',
  'FindDuplicateAnnotationsJobs:Get': 'View Duplicate Annotation Searches',
  'FindDuplicateAnnotationsJobs:Delete': 'Cancel Duplicate Annotation Searches',

  // --- models and workflows
  'Models:Add': 'Create Custom Models',
  'Models:Get': 'View Models',
  'Models:Patch': 'Update Model Details',
  'Models:Delete': 'Delete Custom Models',
  'Models:Train': 'Train Custom Models',
  'Models:Pull': 'Pull Models',
  'ModelExports:Get': 'Download Model Exports',
  'ModelExports:Add': 'Export Models',
  'ModelVersionPublications:Add': 'Publish Model Versions',
  'ModelVersionPublications:Delete': 'Unpublish Model Versions',
  'Metrics:Add': 'Evaluate Models',
  'Metrics:Get': 'View Model Evaluations',
  'Metrics:Delete': 'Delete Model Evaluations',
  'Workflows:Add': 'Create Workflows',
  'Workflows:Get': 'View Workflows',
  'Workflows:Patch': 'Edit Workflows',
  'Workflows:Delete': 'Delete Workflows',
  'WorkflowPublications:Add': 'Publish Workflows',
  'WorkflowPublications:Delete': 'Unpublish Workflows',
  'WorkflowMetrics:Get': 'View Workflow Evaluation Results',
  'WorkflowMetrics:Add': 'Evaluate Workflows',
  'WorkflowMetrics:Delete': 'Delete Workflow Evaluations',
  'WorkflowVersionEvaluations:Get': 'View Workflow Version Evaluations',
  'WorkflowVersionEvaluations:Add': 'Run Workflow Version Evaluations',
  'Modules:Add': 'Create Modules',
  'Modules:Get': 'View Modules',
  'Modules:Delete': 'Delete Modules',
  'InstalledModuleVersions:Add': 'Install Modules',
  'InstalledModuleVersions:Get': 'View Installed Modules',
  'InstalledModuleVersions:Delete': 'Uninstall Modules',

  // --- app and team
  'Apps:Add': 'Create Apps',
  'Apps:Get': 'Get App Details',
  'Apps:Delete': 'Delete Apps',
  'Keys:Add': 'Create API Keys',
  'Keys:Get': 'List API Keys',
  'Keys:Delete': 'Revoke API Keys',
  'Collaborators:Add': 'Invite Collaborators',
  'Collaborators:Get': 'View Collaborators',
  'Collaborators:Delete': 'Remove Collaborators',
  'PasswordPolicies:Add': 'Set Password Policies',
  'PasswordPolicies:Get': 'View Password Policies',
  'PasswordPolicies:Delete': 'Delete Password Policies',
  'Secrets:Get': 'Read Secrets',
  'Secrets:Add': 'Write Secrets',
  'Secrets:Delete': 'Delete Secrets',
  'AuditLogs:Get': 'Read Audit Logs',
  'LogEntries:Get': 'Read Log Entries',
  'UserMetrics:Get': 'View Usage Metrics',

  // --- compute
  'ComputeClusters:Get': 'View Compute Clusters',
  'ComputeClusters:Add': 'Create Compute Clusters',
  'ComputeClusters:Delete': 'Delete Compute Clusters',
  'Nodepools:Get': 'View Nodepools',
  'Nodepools:Add': 'Create Nodepools',
  'Nodepools:Delete': 'Delete Nodepools',
  'Deployments:Get': 'View Deployments',
  'Deployments:Add': 'Deploy Models',
  'Deployments:Delete': 'Delete Deployments',
  'InstanceTypes:Get': 'List Instance Types',
  'Runners:Get': 'View Runners',
  'Runners:Add': 'Create Runners',
  'Runners:Delete': 'Delete Runners',
  'RunnerItems:Get': 'Fetch Runner Work Items',
  'RunnerItems:Add': 'Post Runner Results',
  'Pipelines:Get': 'View Pipelines',
  'Pipelines:Add': 'Create Pipelines',
  'Pipelines:Delete': 'Delete Pipelines',
  'PipelineSteps:Get': 'View Pipeline Steps',
  'PipelineSteps:Add': 'Create Pipeline Steps',
  'PipelineSteps:Pull': 'Pull Pipeline Steps',
  'PipelineSteps:Delete': 'Delete Pipeline Steps',
  // in Clarifai's 12.4.5 protos, not yet in the npm package's catalogue
  'PipelineVersionRunStatusLogs:Get': 'Read Pipeline Run Status Logs',
  'Artifacts:Get': 'Download Artifacts',
  'Artifacts:Add': 'Upload Artifacts',
  'Artifacts:Delete': 'Delete Artifacts',
};

/**
 * The minority whose checkbox also carries the scope in its `value` attribute (`value="Models:Train"`),
 * the label text still human only: a later team built these rows with `Checkbox.Group options` whose
 * values are the scope strings. Every other box has the scope in no attribute at all.
 */
export const HUMAN_VALUE_SCOPES: readonly string[] = [
  'Models:Train',
  'Keys:Add',
  'Keys:Delete',
  'Secrets:Get',
  'Secrets:Add',
  'Secrets:Delete',
  'Deployments:Add',
  'PipelineVersionRunStatusLogs:Get',
];
