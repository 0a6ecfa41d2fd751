{{/* The release's prefix of every name: the release name, or release-chart when it lacks the chart's. */}}
{{- define "fanpin.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; "component" names the process or job. */}}
{{- define "fanpin.labels" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ $component }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version }}
{{- end -}}

{{/* The labels a Deployment selects its pods by (never changed after install). */}}
{{- define "fanpin.selectorLabels" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
app.kubernetes.io/name: {{ $root.Chart.Name }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ $component }}
{{- end -}}

{{/* A postgres:// URL for a role whose password is in the environment variable passwordVar. */}}
{{- define "fanpin.databaseUrl" -}}
{{- $root := index . 0 -}}
{{- $role := index . 1 -}}
{{- $passwordVar := index . 2 -}}
{{- $database := index . 3 -}}
{{- $db := $root.Values.database -}}
{{- printf "postgres://%s:$(%s)@%s:%v/%s" $role $passwordVar $db.host $db.port $database -}}
{{- with $db.urlParameters }}?{{ . }}{{ end -}}
{{- end -}}

{{/* The preStop hook: out of the Service's endpoints before SIGTERM arrives. */}}
{{- define "fanpin.preStop" -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", "{{ .Values.preStopSleepSeconds }}"]
{{- end -}}
